// Reads an order document ({ name, root, flavour }) from a JSON or YAML file.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { UnreadableFileError } from './exitStatus';

/** File name endings redis-flavour reads as orders. */
export const INSTANCE_FILE_EXTENSIONS = ['.json', '.yaml', '.yml'];

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 quotes the start of the text in some messages; the text may hold a password.
    const reason = (error as Error).message.replace(
      /, ".*" is not valid JSON$/s,
      '',
    );
    throw new UnreadableFileError(`${file} is not valid JSON: ${reason}`);
  }
}

function parseYaml(text: string, file: string): unknown {
  const document = parseDocument(text);
  const [firstError] = document.errors;
  if (firstError?.code === 'MULTIPLE_DOCS') {
    throw new UnreadableFileError(
      `${file} holds several YAML documents; put one instance per file`,
    );
  }
  if (firstError) {
    // The first line names the problem and its position; the lines after it quote the file.
    const reason = firstError.message.split('\n')[0].replace(/:$/, '');
    throw new UnreadableFileError(`${file} is not valid YAML: ${reason}`);
  }
  try {
    return document.toJS();
  } catch (error) {
    throw new UnreadableFileError(
      `${file} is not valid YAML: ${(error as Error).message}`,
    );
  }
}

/** Parses by file name: `.json` as JSON, anything else as YAML (which also accepts JSON). */
export function parseInstanceText(text: string, file: string): unknown {
  return extname(file).toLowerCase() === '.json'
    ? parseJson(text, file)
    : parseYaml(text, file);
}

export function readInstanceFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UnreadableFileError(
      `cannot read ${file}: ${(error as Error).message}`,
    );
  }
  return parseInstanceText(text, file);
}
