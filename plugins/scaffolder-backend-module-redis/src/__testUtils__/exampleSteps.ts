// The steps of an action's documented example, parsed from its YAML, for tests that run them as written.
import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import YAML from 'yaml';

export interface ExampleStep {
  action: string;
  input: Record<string, unknown>;
}

const PARAMETER_EXPRESSION = /^\$\{\{ *parameters\.([A-Za-z]\w*) *\}\}$/;

/** An input value with a whole-value `${{ parameters.<name> }}` replaced by that parameter, as the scaffolder would. */
function resolved(value: unknown, parameters: Record<string, unknown>) {
  if (typeof value !== 'string' || !value.includes('${{')) return value;
  const name = PARAMETER_EXPRESSION.exec(value)?.[1];
  if (name === undefined || !(name in parameters))
    throw new Error(`no parameter given for ${value}`);
  return parameters[name];
}

/** The example's steps, each input with its `${{ parameters.<name> }}` values taken from `parameters`. */
export function exampleSteps(
  example: TemplateExample,
  parameters: Record<string, unknown> = {},
): ExampleStep[] {
  const { steps } = YAML.parse(example.example) as { steps: ExampleStep[] };
  return steps.map(({ action, input }) => ({
    action,
    input: Object.fromEntries(
      Object.entries(input).map(([key, value]) => [
        key,
        resolved(value, parameters),
      ]),
    ),
  }));
}
