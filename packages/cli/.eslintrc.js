module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // The published package is the bundle, which holds every package src/ imports: those are
      // build inputs, declared as devDependencies, and the package has no dependencies.
      files: ['src/**'],
      excludedFiles: ['**/*.test.*'],
      rules: { '@backstage/no-undeclared-imports': 'off' },
    },
  ],
});
