import path from 'path';
import ts from 'typescript';

describe('types derived from flavourSchema', () => {
  it('agree with the schema (compiles __fixtures__/typeChecks.ts)', () => {
    const file = path.resolve(__dirname, '../__fixtures__/typeChecks.ts');
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      types: [],
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map(
        d =>
          `${
            d.file ? path.basename(d.file.fileName) : ''
          }: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      );
    expect(problems).toEqual([]);
  }, 60_000);
});
