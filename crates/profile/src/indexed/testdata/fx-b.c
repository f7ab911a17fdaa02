static int sq(int x) { if (x > 1) return x * x; return x; }
int never(int x) { return x ? 1 : 2; }
int dec(int a, int b) { if (a && b) return 1; return 0; }
int main(int argc, char **argv) {
  int s = 0;
  for (int i = 0; i < argc + 2; i++) s += sq(i) + dec(i, argc);
  return s == 12345;
}
