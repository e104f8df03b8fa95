// Go's predeclared numeric types, which the fix writes zero values for and the hold analysis
// knows keep nothing alive.
export const NUMERIC_TYPES: readonly string[] = [
  "int",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "uintptr",
  "float32",
  "float64",
  "complex64",
  "complex128",
  "byte",
  "rune",
];
