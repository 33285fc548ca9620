// The template's parameter schema from the instance schema: what the scaffolder checks before any default applies.
type SchemaNode = { [keyword: string]: unknown };

const isNode = (value: unknown): value is SchemaNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A copy of `schema` whose `required` lists leave out properties with a default. The scaffolder validates
 * template parameters without filling defaults in, so it would refuse an order the actions accept, such
 * as `replica` given without `count`. Everything else, defaults included, is kept for the form.
 */
export function parameterSchema<T>(schema: T): T {
  if (!isNode(schema)) return schema;
  const copy: SchemaNode = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'properties' && isNode(value)) {
      copy.properties = Object.fromEntries(
        Object.entries(value).map(([key, child]) => [
          key,
          parameterSchema(child),
        ]),
      );
    } else if (
      (keyword === 'items' || keyword === 'additionalProperties') &&
      isNode(value)
    ) {
      copy[keyword] = parameterSchema(value);
    } else if (keyword !== 'required') {
      copy[keyword] = value;
    }
  }
  if (Array.isArray(schema.required)) {
    const properties = isNode(schema.properties) ? schema.properties : {};
    const required = schema.required.filter(
      key => !(isNode(properties[key]) && 'default' in properties[key]),
    );
    if (required.length > 0) copy.required = required;
  }
  return copy as T;
}
