import { UnreadableFileError } from './exitStatus';
import { parseInstanceText } from './instanceFile';

const SECRET = 'hunter2-planted';

function parseError(text: string, file: string): Error {
  try {
    parseInstanceText(text, file);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a parse error');
}

describe('parseInstanceText', () => {
  it('reads .json as JSON and anything else as YAML', () => {
    expect(parseInstanceText('{"name": "a"}', 'a.json')).toEqual({ name: 'a' });
    expect(
      parseInstanceText('name: a\nflavour: {namespace: redis}\n', 'a.yml'),
    ).toEqual({
      name: 'a',
      flavour: { namespace: 'redis' },
    });
    expect(parseInstanceText('{"name": "a"}', 'order')).toEqual({ name: 'a' });
  });

  it.each([
    [
      'an unexpected token in JSON',
      `{"requirepass": ${SECRET}}`,
      'a.json',
      'a.json is not valid JSON: ',
    ],
    [
      'truncated JSON',
      `{"requirepass": "${SECRET}"`,
      'a.json',
      'a.json is not valid JSON: ',
    ],
    [
      'malformed YAML',
      `requirepass: ${SECRET}\n  x: [\n`,
      'a.yaml',
      'a.yaml is not valid YAML: ',
    ],
    [
      'a duplicate YAML key',
      `name: ${SECRET}\nname: b\n`,
      'a.yaml',
      'a.yaml is not valid YAML: ',
    ],
  ])('reports %s without quoting the file', (_case, text, file, prefix) => {
    const error = parseError(text, file);
    expect(error).toBeInstanceOf(UnreadableFileError);
    expect(error.message.startsWith(prefix)).toBe(true);
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain('\n');
  });

  it('refuses several YAML documents', () => {
    expect(parseError('name: a\n---\nname: b\n', 'a.yaml').message).toBe(
      'a.yaml holds several YAML documents; put one instance per file',
    );
  });
});
