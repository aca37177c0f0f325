import tseslint from "typescript-eslint";

export default tseslint.config(
  // Workspace configs (vitest.config.ts, tsup.config.ts) are a few lines outside every tsconfig, so only
  // Prettier checks them. Root files and scripts/ are in the root tsconfig.json.
  { ignores: ["**/dist/**", "**/node_modules/**", "**/*.config.ts", ".cache/**"] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/require-await": "off",
      // knex results are untyped at the call site: `(await query) as Row[]` is the readable way to type them.
      "@typescript-eslint/no-unnecessary-type-assertion": "off",
    },
  },
  // Small units: a file that owns one thing, and in the packages a function a reader can hold in mind
  // (the apps' composition roots read top to bottom). Migrations are schema text; tests are not checked.
  {
    files: ["packages/*/src/**/*.ts", "apps/*/src/**/*.ts"],
    ignores: ["**/*.test.ts", "**/test/**"],
    rules: { "max-lines": ["error", { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ["packages/*/src/**/*.ts"],
    ignores: ["**/*.test.ts", "**/test/**", "packages/storage/src/migrations/**"],
    rules: {
      "max-lines-per-function": [
        "error",
        { max: 120, skipBlankLines: true, skipComments: true, IIFEs: true },
      ],
    },
  },
  // Plain JavaScript (scripts/*.mjs, eslint.config.js) has no types to check: the syntax rules still apply.
  { files: ["**/*.js", "**/*.mjs"], extends: [tseslint.configs.disableTypeChecked] },
  {
    files: ["**/*.test.ts", "**/test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
);
