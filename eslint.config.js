// Lint rules: typescript-eslint's recommended set, and the one-way data flow of DESIGN.md.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "test/fixtures/", "examples/", "bench/out/"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["src/analyzers/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@actions/*", "@octokit/*"],
              message: "Analyzers are pure: no GitHub imports.",
            },
            {
              group: ["../github/*", "../report/*", "../sources/*"],
              message: "Data flows one way: analyzers import neither sources nor reporters.",
            },
          ],
        },
      ],
    },
  },
);
