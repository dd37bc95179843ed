import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "data/", "out/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // The study page's own browser scripts (served as they are: no build step).
    files: ["src/web/static/**/*.{js,mjs}"],
    languageOptions: {
      sourceType: "module",
      globals: { window: "readonly", document: "readonly", fetch: "readonly", getComputedStyle: "readonly" },
    },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["discord.js", "@discordjs/*", "@line/*", "express", "**/bots/**"],
              message: "src/core stays platform-neutral.",
            },
          ],
        },
      ],
    },
  },
);
