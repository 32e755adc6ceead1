//===- AllocationCounter.cpp - Heap bytes allocated per thread ------------===//
///
/// \file
/// Replacements for the global allocation functions that keep a per-thread
/// count of live bytes, read through malloc_usable_size (glibc). They are
/// compiled only where they can be: with glibc and without a sanitizer,
/// whose runtime replaces the same operators.
///
//===----------------------------------------------------------------------===//

#include "modcost/Support/AllocationCounter.h"

#include <cstdlib>
#include <new>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) ||     \
    __has_feature(thread_sanitizer) || __has_feature(hwaddress_sanitizer)
#define MODCOST_UNDER_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define MODCOST_UNDER_SANITIZER 1
#endif

#if defined(__GLIBC__) && !defined(MODCOST_UNDER_SANITIZER)
#define MODCOST_COUNT_ALLOCATIONS 1
#include <malloc.h>
#endif

namespace {
/// Live bytes of this thread; a plain integer, so no dynamic TLS init.
thread_local std::int64_t ThreadLiveBytes = 0;
/// Set once by enableAllocationCounting(), before the measured threads run.
bool CountingOn = false;
} // namespace

void modcost::enableAllocationCounting() { CountingOn = true; }

std::int64_t modcost::getThreadLiveBytes() { return ThreadLiveBytes; }

#ifdef MODCOST_COUNT_ALLOCATIONS

bool modcost::isAllocationCountingAvailable() { return true; }

namespace {

/// Runs the new-handler until \p Try succeeds, as the standard's operator
/// new does; null only for the nothrow forms when no handler is set.
template <typename TryFn> void *allocateOrHandle(TryFn Try, bool NoThrow) {
  for (;;) {
    if (void *P = Try()) {
      if (CountingOn)
        ThreadLiveBytes += static_cast<std::int64_t>(malloc_usable_size(P));
      return P;
    }
    std::new_handler Handler = std::get_new_handler();
    if (!Handler) {
      if (NoThrow)
        return nullptr;
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
      throw std::bad_alloc();
#else
      std::abort();
#endif
    }
    Handler();
  }
}

void *allocate(std::size_t N, bool NoThrow) {
  return allocateOrHandle([N] { return std::malloc(N ? N : 1); }, NoThrow);
}

void *allocateAligned(std::size_t N, std::align_val_t A, bool NoThrow) {
  std::size_t Align = static_cast<std::size_t>(A);
  return allocateOrHandle(
      [N, Align]() -> void * {
        void *P = nullptr;
        return posix_memalign(&P,
                              Align < sizeof(void *) ? sizeof(void *) : Align,
                              N ? N : 1) == 0
                   ? P
                   : nullptr;
      },
      NoThrow);
}

void release(void *P) {
  if (!P)
    return;
  if (CountingOn)
    ThreadLiveBytes -= static_cast<std::int64_t>(malloc_usable_size(P));
  std::free(P);
}

} // namespace

void *operator new(std::size_t N) { return allocate(N, false); }
void *operator new[](std::size_t N) { return allocate(N, false); }
void *operator new(std::size_t N, const std::nothrow_t &) noexcept {
  return allocate(N, true);
}
void *operator new[](std::size_t N, const std::nothrow_t &) noexcept {
  return allocate(N, true);
}
void *operator new(std::size_t N, std::align_val_t A) {
  return allocateAligned(N, A, false);
}
void *operator new[](std::size_t N, std::align_val_t A) {
  return allocateAligned(N, A, false);
}
void *operator new(std::size_t N, std::align_val_t A,
                   const std::nothrow_t &) noexcept {
  return allocateAligned(N, A, true);
}
void *operator new[](std::size_t N, std::align_val_t A,
                     const std::nothrow_t &) noexcept {
  return allocateAligned(N, A, true);
}

void operator delete(void *P) noexcept { release(P); }
void operator delete[](void *P) noexcept { release(P); }
void operator delete(void *P, std::size_t) noexcept { release(P); }
void operator delete[](void *P, std::size_t) noexcept { release(P); }
void operator delete(void *P, const std::nothrow_t &) noexcept { release(P); }
void operator delete[](void *P, const std::nothrow_t &) noexcept { release(P); }
void operator delete(void *P, std::align_val_t) noexcept { release(P); }
void operator delete[](void *P, std::align_val_t) noexcept { release(P); }
void operator delete(void *P, std::size_t, std::align_val_t) noexcept {
  release(P);
}
void operator delete[](void *P, std::size_t, std::align_val_t) noexcept {
  release(P);
}
void operator delete(void *P, std::align_val_t,
                     const std::nothrow_t &) noexcept {
  release(P);
}
void operator delete[](void *P, std::align_val_t,
                       const std::nothrow_t &) noexcept {
  release(P);
}

#else

bool modcost::isAllocationCountingAvailable() { return false; }

#endif
