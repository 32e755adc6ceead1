//===- ObjectGraphTest.cpp - Tests of the per-unit object graph -----------===//

#include "modcost/Interp/ObjectGraph.h"

#include "gtest/gtest.h"

using namespace modcost;

namespace {

Value objectValue(const std::shared_ptr<ObjectState> &O) {
  Value V;
  V.Kind = ValueKind::Object;
  V.Obj = O;
  return V;
}

TEST(ObjectGraphTest, ClearBreaksCycles) {
  ObjectGraph G;
  std::weak_ptr<ObjectState> Parent, Child;
  {
    // A module that keeps its child, and a child that keeps its parent
    // (and itself, through a tuple in an attribute).
    std::shared_ptr<ObjectState> P = G.make(), C = G.make();
    P->setAttr("child", objectValue(C));
    C->setAttr("owner", objectValue(P));
    C->Items.push_back(Value::tuple({objectValue(C)}));
    Parent = P;
    Child = C;
  }
  // Reference counting alone keeps the cycle.
  EXPECT_FALSE(Parent.expired());
  EXPECT_FALSE(Child.expired());
  EXPECT_EQ(G.liveObjects(), 2u);
  G.clear();
  EXPECT_TRUE(Parent.expired());
  EXPECT_TRUE(Child.expired());
  EXPECT_EQ(G.liveObjects(), 0u);
  EXPECT_EQ(G.madeObjects(), 2u);
}

TEST(ObjectGraphTest, ClearBreaksCyclesThroughHooksAndMemos) {
  ObjectGraph G;
  std::weak_ptr<ObjectState> Module, Config;
  {
    // A module whose forward hook is its own bound method, and a config
    // whose remembered derivation holds the config itself.
    std::shared_ptr<ObjectState> M = G.make(), Cfg = G.make();
    Value Hook = Value::callable("pkg.M._hook", false);
    Hook.Elems.push_back(objectValue(M));
    M->ForwardHooks.push_back(Hook);
    M->ForwardPreHooks.push_back(Hook);
    Cfg->DerivedMemo["self_ref"] = objectValue(Cfg);
    Module = M;
    Config = Cfg;
  }
  EXPECT_FALSE(Module.expired());
  EXPECT_FALSE(Config.expired());
  G.clear();
  EXPECT_TRUE(Module.expired());
  EXPECT_TRUE(Config.expired());
}

TEST(ObjectGraphTest, HeldObjectsStayValid) {
  std::shared_ptr<ObjectState> Kept;
  std::weak_ptr<ObjectState> Child;
  {
    ObjectGraph G;
    Kept = G.make();
    Kept->ClassName = "pkg.Model";
    std::shared_ptr<ObjectState> C = G.copyOf(*Kept);
    C->setAttr("owner", objectValue(Kept));
    Kept->setAttr("child", objectValue(C));
    Child = C;
  } // The graph's end unlinks what is still alive.
  ASSERT_TRUE(Kept);
  EXPECT_EQ(Kept->ClassName, "pkg.Model");
  EXPECT_TRUE(Kept->Attrs.empty());
  EXPECT_TRUE(Child.expired());
}

TEST(ObjectGraphTest, DeadObjectsAreSwept) {
  ObjectGraph G;
  for (int I = 0; I < 5000; ++I)
    G.make(); // Each dies at once.
  std::shared_ptr<ObjectState> Last = G.make();
  EXPECT_EQ(G.liveObjects(), 1u);
  EXPECT_EQ(G.madeObjects(), 5001u);
}

} // namespace
