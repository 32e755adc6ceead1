c
2u
