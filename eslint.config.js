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
