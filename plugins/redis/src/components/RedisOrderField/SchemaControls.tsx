// One control per schema node: its label, help text and default come from redis-common's schema.
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Button,
  Flex,
  Radio,
  RadioGroup,
  Switch,
  Text,
  TextField,
} from '@backstage/ui';
import {
  createContext,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import type { DeploymentMode } from '@odin/plugin-redis-common';
import { rowKey, type FieldIssues, type LocatedIssues } from './issueLocation';
import { isHidden } from './orderSections';
import {
  controlKind,
  getIn,
  isPlainObject,
  nodeAt,
  pathKey,
  type FlavourPath,
  type FlavourValue,
  type SchemaNode,
} from './schemaPaths';
import { redisOrderFormTranslationRef } from './translation';
import styles from './RedisOrderField.module.css';

export interface OrderFormState {
  flavour: FlavourValue;
  mode: DeploymentMode;
  issues: LocatedIssues;
  onValue(path: FlavourPath, value: unknown): void;
  disabled: boolean;
  readOnly: boolean;
}

export const OrderFormContext = createContext<OrderFormState | undefined>(
  undefined,
);

function useOrderForm(): OrderFormState {
  const state = useContext(OrderFormContext);
  if (!state) throw new Error('Schema controls need an OrderFormContext');
  return state;
}

const NO_ISSUES: FieldIssues = { errors: [], warnings: [] };

/** The errors and warnings of one field, below it; the control points at them with aria-describedby. */
export function IssueList(props: { id: string; issues: FieldIssues }) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  const { errors, warnings } = props.issues;
  if (errors.length === 0 && warnings.length === 0) return null;
  return (
    <div id={props.id} className={styles.issues}>
      {errors.map(message => (
        <Text key={`e${message}`} as="p" variant="body-small" color="danger">
          <strong>{t('issue.error')}:</strong> {message}
        </Text>
      ))}
      {warnings.map(message => (
        <Text key={`w${message}`} as="p" variant="body-small" color="warning">
          <strong>{t('issue.warning')}:</strong> {message}
        </Text>
      ))}
    </div>
  );
}

function useFieldIssues(key: string): FieldIssues {
  return useOrderForm().issues.fields.get(key) ?? NO_ISSUES;
}

const hasIssues = (issues: FieldIssues) =>
  issues.errors.length > 0 || issues.warnings.length > 0;

const labelOf = (node: SchemaNode, path: FlavourPath) =>
  node.title ?? path[path.length - 1];

/** Renders the control (or group of controls) for a flavour path, or nothing where the mode hides it. */
export function SchemaElement(props: { path: FlavourPath; label?: string }) {
  const { path } = props;
  const { flavour, mode } = useOrderForm();
  const node = nodeAt(path);
  if (!node || isHidden(path, mode, flavour)) return null;
  const label = props.label ?? labelOf(node, path);
  switch (controlKind(node)) {
    case 'group':
      return <SchemaGroup path={path} node={node} label={label} />;
    case 'enum':
      return <EnumControl path={path} node={node} label={label} />;
    case 'boolean':
      return <BooleanControl path={path} node={node} label={label} />;
    case 'integer':
      return <IntegerControl path={path} node={node} label={label} />;
    case 'map':
      return <MapControl path={path} node={node} label={label} />;
    case 'list':
      return <ListControl path={path} node={node} label={label} />;
    case 'objectList':
      return <ObjectListControl path={path} node={node} label={label} />;
    default:
      return <StringControl path={path} node={node} label={label} />;
  }
}

interface ControlProps {
  path: FlavourPath;
  node: SchemaNode;
  label: string;
}

function SchemaGroup({ path, node, label }: ControlProps) {
  const issues = useFieldIssues(pathKey(path));
  const issuesId = useId();
  return (
    <fieldset
      className={styles.group}
      aria-describedby={hasIssues(issues) ? issuesId : undefined}
    >
      <legend className={styles.legend}>{label}</legend>
      {node.description && (
        <Text as="p" variant="body-small" color="secondary">
          {node.description}
        </Text>
      )}
      <IssueList id={issuesId} issues={issues} />
      {Object.keys(node.properties ?? {}).map(key => (
        <SchemaElement key={key} path={[...path, key]} />
      ))}
    </fieldset>
  );
}

/** Props every leaf control shares: value, issues and the ids that tie them to the input. */
function useLeaf(path: FlavourPath) {
  const form = useOrderForm();
  const issues = useFieldIssues(pathKey(path));
  const issuesId = useId();
  return {
    value: getIn(form.flavour, path),
    issues,
    issuesId,
    set: (value: unknown) => form.onValue(path, value),
    inputProps: {
      isDisabled: form.disabled,
      isInvalid: issues.errors.length > 0,
      validationBehavior: 'aria' as const,
      'aria-describedby': hasIssues(issues) ? issuesId : undefined,
    },
    readOnly: form.readOnly,
  };
}

const defaultText = (node: SchemaNode) =>
  node.default === undefined || typeof node.default === 'object'
    ? undefined
    : String(node.default);

/** What a text field shows for a value: a wrongly typed one (e.g. from a prefilled order) as JSON. */
function textOf(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function StringControl({ path, node, label }: ControlProps) {
  const leaf = useLeaf(path);
  const text = textOf(leaf.value);
  return (
    <div>
      <TextField
        label={label}
        description={node.description}
        placeholder={defaultText(node)}
        value={text}
        isReadOnly={leaf.readOnly}
        // Cleared: the default applies where there is none to fill back in.
        onChange={next =>
          leaf.set(next === '' && node.default === undefined ? undefined : next)
        }
        {...leaf.inputProps}
      />
      <IssueList id={leaf.issuesId} issues={leaf.issues} />
    </div>
  );
}

function IntegerControl({ path, node, label }: ControlProps) {
  const leaf = useLeaf(path);
  const text = leaf.value === undefined ? '' : String(leaf.value);
  return (
    <div>
      <TextField
        label={label}
        description={node.description}
        placeholder={defaultText(node)}
        inputMode="numeric"
        value={text}
        isReadOnly={leaf.readOnly}
        // Typing shows at once what the validator thinks of the text, even when it is no number yet.
        onChange={next => {
          const trimmed = next.trim();
          if (trimmed === '')
            leaf.set(node.default === undefined ? undefined : '');
          else leaf.set(/^-?\d+$/.test(trimmed) ? Number(trimmed) : next);
        }}
        {...leaf.inputProps}
      />
      <IssueList id={leaf.issuesId} issues={leaf.issues} />
    </div>
  );
}

function BooleanControl({ path, node, label }: ControlProps) {
  const leaf = useLeaf(path);
  const descriptionId = useId();
  const selected =
    typeof leaf.value === 'boolean' ? leaf.value : node.default === true;
  const describedBy = [
    node.description ? descriptionId : undefined,
    leaf.inputProps['aria-describedby'],
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div>
      <Switch
        label={label}
        isSelected={selected}
        onChange={leaf.set}
        isDisabled={leaf.inputProps.isDisabled}
        isReadOnly={leaf.readOnly}
        aria-describedby={describedBy || undefined}
      />
      {node.description && (
        <Text id={descriptionId} as="p" variant="body-small" color="secondary">
          {node.description}
        </Text>
      )}
      <IssueList id={leaf.issuesId} issues={leaf.issues} />
    </div>
  );
}

const NOT_SET = '\u0000not-set';

function EnumControl({ path, node, label }: ControlProps) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  const leaf = useLeaf(path);
  const options = node.enum ?? [];
  const current = leaf.value ?? node.default;
  const optional = node.default === undefined;
  return (
    <div>
      <RadioGroup
        label={label}
        description={node.description}
        orientation="horizontal"
        value={current === undefined ? NOT_SET : String(current)}
        isReadOnly={leaf.readOnly}
        onChange={next =>
          leaf.set(
            next === NOT_SET
              ? undefined
              : options.find(option => String(option) === next) ?? next,
          )
        }
        {...leaf.inputProps}
      >
        {optional && <Radio value={NOT_SET}>{t('control.notSet')}</Radio>}
        {options.map(option => (
          <Radio key={String(option)} value={String(option)}>
            {String(option)}
          </Radio>
        ))}
      </RadioGroup>
      <IssueList id={leaf.issuesId} issues={leaf.issues} />
    </div>
  );
}

function ListControl({ path, node, label }: ControlProps) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  const form = useOrderForm();
  const leaf = useLeaf(path);
  const items = Array.isArray(leaf.value) ? leaf.value : [];
  const itemNode = node.items ?? {};
  return (
    <fieldset
      className={styles.group}
      aria-describedby={leaf.inputProps['aria-describedby']}
    >
      <legend className={styles.legend}>{label}</legend>
      {node.description && (
        <Text as="p" variant="body-small" color="secondary">
          {node.description}
        </Text>
      )}
      <IssueList id={leaf.issuesId} issues={leaf.issues} />
      {items.map((item, index) => (
        <ListRow
          // Rows are positions: an edit keeps its place, a removal shifts the rest.
          key={index}
          field={pathKey(path)}
          index={index}
          label={t('control.listItem', {
            title: label,
            index: String(index + 1),
          })}
          value={typeof item === 'string' ? item : String(item)}
          description={itemNode.description}
          onChange={next =>
            leaf.set(items.map((old, i) => (i === index ? next : old)))
          }
          onRemove={() => leaf.set(items.filter((_, i) => i !== index))}
        />
      ))}
      {!form.readOnly && (
        <div>
          <Button
            variant="secondary"
            size="small"
            isDisabled={form.disabled}
            onPress={() => leaf.set([...items, ''])}
          >
            {t('control.addItem', { title: label })}
          </Button>
        </div>
      )}
    </fieldset>
  );
}

function ListRow(props: {
  field: string;
  index: number;
  label: string;
  value: string;
  description?: string;
  onChange(value: string): void;
  onRemove(): void;
}) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  const form = useOrderForm();
  const issues = useFieldIssues(rowKey(props.field, String(props.index)));
  const issuesId = useId();
  return (
    <div>
      <Flex gap="2" align="end">
        <TextField
          className={styles.grow}
          aria-label={props.label}
          value={props.value}
          onChange={props.onChange}
          isDisabled={form.disabled}
          isReadOnly={form.readOnly}
          isInvalid={issues.errors.length > 0}
          validationBehavior="aria"
          aria-describedby={hasIssues(issues) ? issuesId : undefined}
        />
        {!form.readOnly && (
          <Button
            variant="tertiary"
            size="small"
            isDisabled={form.disabled}
            onPress={props.onRemove}
            aria-label={t('control.removeRow', { label: props.label })}
          >
            {t('control.remove')}
          </Button>
        )}
      </Flex>
      <IssueList id={issuesId} issues={issues} />
    </div>
  );
}

interface MapRow {
  id: number;
  key: string;
  value: string;
}

let lastRowId = 0;
const newRow = (key = '', value = ''): MapRow => ({
  id: ++lastRowId,
  key,
  value,
});

const rowsOf = (value: unknown): MapRow[] =>
  Object.entries(isPlainObject(value) ? value : {}).map(([key, item]) =>
    newRow(key, typeof item === 'string' ? item : String(item)),
  );

/** Key/value rows, kept locally so a key can pass through an empty or duplicate spelling while typed. */
function MapControl({ path, node, label }: ControlProps) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  const form = useOrderForm();
  const leaf = useLeaf(path);
  const [rows, setRows] = useState<MapRow[]>(() => rowsOf(leaf.value));
  const emitted = useRef<string>(JSON.stringify(leaf.value ?? {}));
  useEffect(() => {
    // A change from outside (another step, a prefilled order) replaces the rows.
    const external = JSON.stringify(leaf.value ?? {});
    if (external !== emitted.current) {
      emitted.current = external;
      setRows(rowsOf(leaf.value));
    }
  }, [leaf.value]);
  const update = (next: MapRow[]) => {
    setRows(next);
    const value = Object.fromEntries(next.map(row => [row.key, row.value]));
    emitted.current = JSON.stringify(value);
    leaf.set(value);
  };
  const field = pathKey(path);
  return (
    <fieldset
      className={styles.group}
      aria-describedby={leaf.inputProps['aria-describedby']}
    >
      <legend className={styles.legend}>{label}</legend>
      {node.description && (
        <Text as="p" variant="body-small" color="secondary">
          {node.description}
        </Text>
      )}
      <IssueList id={leaf.issuesId} issues={leaf.issues} />
      {rows.map((row, index) => (
        <MapRowControl
          key={row.id}
          field={field}
          title={label}
          index={index}
          row={row}
          onChange={changed =>
            update(rows.map(old => (old.id === row.id ? changed : old)))
          }
          onRemove={() => update(rows.filter(old => old.id !== row.id))}
        />
      ))}
      {!form.readOnly && (
        <div>
          <Button
            variant="secondary"
            size="small"
            isDisabled={form.disabled}
            onPress={() => setRows([...rows, newRow()])}
          >
            {t('control.addItem', { title: label })}
          </Button>
        </div>
      )}
    </fieldset>
  );
}

function MapRowControl(props: {
  field: string;
  title: string;
  index: number;
  row: MapRow;
  onChange(row: MapRow): void;
  onRemove(): void;
}) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  const form = useOrderForm();
  const { row } = props;
  const issues = useFieldIssues(rowKey(props.field, row.key));
  const issuesId = useId();
  const shared = {
    isDisabled: form.disabled,
    isReadOnly: form.readOnly,
    isInvalid: issues.errors.length > 0,
    validationBehavior: 'aria' as const,
    'aria-describedby': hasIssues(issues) ? issuesId : undefined,
  };
  const keyLabel = t('control.keyOf', {
    index: String(props.index + 1),
    title: props.title,
  });
  return (
    <div>
      <Flex gap="2" align="end">
        <TextField
          className={styles.grow}
          aria-label={keyLabel}
          placeholder={t('control.key')}
          value={row.key}
          onChange={key => props.onChange({ ...row, key })}
          {...shared}
        />
        <TextField
          className={styles.grow}
          placeholder={t('control.value')}
          aria-label={t('control.valueOf', {
            key: row.key || keyLabel,
            title: props.title,
          })}
          value={row.value}
          onChange={value => props.onChange({ ...row, value })}
          {...shared}
        />
        {!form.readOnly && (
          <Button
            variant="tertiary"
            size="small"
            isDisabled={form.disabled}
            onPress={props.onRemove}
            aria-label={t('control.removeRow', { label: row.key || keyLabel })}
          >
            {t('control.remove')}
          </Button>
        )}
      </Flex>
      <IssueList id={issuesId} issues={issues} />
    </div>
  );
}

function ObjectListControl({ path, node, label }: ControlProps) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  const form = useOrderForm();
  const leaf = useLeaf(path);
  const items = Array.isArray(leaf.value) ? leaf.value : [];
  return (
    <fieldset
      className={styles.group}
      aria-describedby={leaf.inputProps['aria-describedby']}
    >
      <legend className={styles.legend}>{label}</legend>
      {node.description && (
        <Text as="p" variant="body-small" color="secondary">
          {node.description}
        </Text>
      )}
      <IssueList id={leaf.issuesId} issues={leaf.issues} />
      {items.map((_, index) => {
        const title = t('control.itemTitle', {
          title: label,
          index: String(index + 1),
        });
        return (
          <div key={index} className={styles.item}>
            <SchemaElement path={[...path, String(index)]} label={title} />
            {!form.readOnly && (
              <div>
                <Button
                  variant="tertiary"
                  size="small"
                  isDisabled={form.disabled}
                  onPress={() => leaf.set(items.filter((__, i) => i !== index))}
                  aria-label={t('control.removeRow', { label: title })}
                >
                  {t('control.remove')}
                </Button>
              </div>
            )}
          </div>
        );
      })}
      {!form.readOnly && (
        <div>
          <Button
            variant="secondary"
            size="small"
            isDisabled={form.disabled}
            onPress={() => leaf.set([...items, {}])}
          >
            {t('control.addItem', { title: label })}
          </Button>
        </div>
      )}
    </fieldset>
  );
}
