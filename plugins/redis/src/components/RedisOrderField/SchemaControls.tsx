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
  type ComponentType,
  type ReactNode,
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
  type ControlKind,
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

interface ControlProps {
  path: FlavourPath;
  node: SchemaNode;
  label: string;
}

const CONTROLS: Record<ControlKind, ComponentType<ControlProps>> = {
  group: SchemaGroup,
  enum: EnumControl,
  boolean: BooleanControl,
  integer: IntegerControl,
  map: MapControl,
  list: ListControl,
  objectList: ObjectListControl,
  string: StringControl,
};

/** Renders the control (or group of controls) for a flavour path, or nothing where the mode hides it. */
export function SchemaElement(props: { path: FlavourPath; label?: string }) {
  const { path } = props;
  const { flavour, mode } = useOrderForm();
  const node = nodeAt(path);
  if (!node || isHidden(path, mode, flavour)) return null;
  const Control = CONTROLS[controlKind(node)];
  return (
    <Control
      path={path}
      node={node}
      label={props.label ?? labelOf(node, path)}
    />
  );
}

/** The issues filed under `key`, and the input props that tie them to the input showing it. */
function useIssues(key: string) {
  const form = useOrderForm();
  const issues = useFieldIssues(key);
  const issuesId = useId();
  return {
    issues,
    issuesId,
    inputProps: {
      isDisabled: form.disabled,
      isInvalid: issues.errors.length > 0,
      validationBehavior: 'aria' as const,
      'aria-describedby': hasIssues(issues) ? issuesId : undefined,
    },
  };
}

/**
 * A group of controls: its legend, the schema's help text and the group's own issues, then the
 * children; with `onAdd`, a button that adds a row (unless the form is read-only).
 */
function ControlGroup(props: {
  label: string;
  description?: string;
  issues: ReturnType<typeof useIssues>;
  onAdd?: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  const form = useOrderForm();
  const { label, description, issues, onAdd } = props;
  return (
    <fieldset
      className={styles.group}
      aria-describedby={issues.inputProps['aria-describedby']}
    >
      <legend className={styles.legend}>{label}</legend>
      {description && (
        <Text as="p" variant="body-small" color="secondary">
          {description}
        </Text>
      )}
      <IssueList id={issues.issuesId} issues={issues.issues} />
      {props.children}
      {onAdd && !form.readOnly && (
        <div>
          <Button
            variant="secondary"
            size="small"
            isDisabled={form.disabled}
            onPress={onAdd}
          >
            {t('control.addItem', { title: label })}
          </Button>
        </div>
      )}
    </fieldset>
  );
}

/** Removes the row it is named after; not rendered by the caller when the form is read-only. */
function RemoveButton(props: { label: string; onRemove(): void }) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  const form = useOrderForm();
  return (
    <Button
      variant="tertiary"
      size="small"
      isDisabled={form.disabled}
      onPress={props.onRemove}
      aria-label={t('control.removeRow', { label: props.label })}
    >
      {t('control.remove')}
    </Button>
  );
}

type RowInputProps = ReturnType<typeof useIssues>['inputProps'] & {
  isReadOnly: boolean;
};

/** One row of a list or map: its inputs (given the props they share) and a remove button, its issues below. */
function ControlRow(props: {
  issueKey: string;
  removeLabel: string;
  onRemove(): void;
  children(inputProps: RowInputProps): ReactNode;
}) {
  const form = useOrderForm();
  const { issues, issuesId, inputProps } = useIssues(props.issueKey);
  return (
    <div>
      <Flex gap="2" align="end">
        {props.children({ ...inputProps, isReadOnly: form.readOnly })}
        {!form.readOnly && (
          <RemoveButton label={props.removeLabel} onRemove={props.onRemove} />
        )}
      </Flex>
      <IssueList id={issuesId} issues={issues} />
    </div>
  );
}

function SchemaGroup({ path, node, label }: ControlProps) {
  const issues = useIssues(pathKey(path));
  return (
    <ControlGroup label={label} description={node.description} issues={issues}>
      {Object.keys(node.properties ?? {}).map(key => (
        <SchemaElement key={key} path={[...path, key]} />
      ))}
    </ControlGroup>
  );
}

/** What every leaf control shares: value, issues and the ids that tie them to the input. */
function useLeaf(path: FlavourPath) {
  const form = useOrderForm();
  const issues = useIssues(pathKey(path));
  return {
    ...issues,
    value: getIn(form.flavour, path),
    set: (value: unknown) => form.onValue(path, value),
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

/** The text field of a string or integer node: its label, help text, and default as placeholder. */
function LeafTextField(
  props: ControlProps & {
    inputMode?: 'numeric';
    /** The text shown for the flavour's value. */
    format(value: unknown): string;
    /** The value set for the text typed. */
    parse(text: string): unknown;
  },
) {
  const { path, node, label } = props;
  const leaf = useLeaf(path);
  return (
    <div>
      <TextField
        label={label}
        description={node.description}
        placeholder={defaultText(node)}
        inputMode={props.inputMode}
        value={props.format(leaf.value)}
        isReadOnly={leaf.readOnly}
        onChange={next => leaf.set(props.parse(next))}
        {...leaf.inputProps}
      />
      <IssueList id={leaf.issuesId} issues={leaf.issues} />
    </div>
  );
}

function StringControl(props: ControlProps) {
  const optional = props.node.default === undefined;
  return (
    <LeafTextField
      {...props}
      format={textOf}
      // Cleared: the default applies where there is none to fill back in.
      parse={next => (next === '' && optional ? undefined : next)}
    />
  );
}

function IntegerControl(props: ControlProps) {
  const optional = props.node.default === undefined;
  return (
    <LeafTextField
      {...props}
      inputMode="numeric"
      format={value => (value === undefined ? '' : String(value))}
      // Typing shows at once what the validator thinks of the text, even when it is no number yet.
      parse={next => {
        const trimmed = next.trim();
        if (trimmed === '') return optional ? undefined : '';
        return /^-?\d+$/.test(trimmed) ? Number(trimmed) : next;
      }}
    />
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
  const leaf = useLeaf(path);
  const items = Array.isArray(leaf.value) ? leaf.value : [];
  return (
    <ControlGroup
      label={label}
      description={node.description}
      issues={leaf}
      onAdd={() => leaf.set([...items, ''])}
    >
      {items.map((item, index) => {
        const itemLabel = t('control.listItem', {
          title: label,
          index: String(index + 1),
        });
        return (
          <ControlRow
            // Rows are positions: an edit keeps its place, a removal shifts the rest.
            key={index}
            issueKey={rowKey(pathKey(path), String(index))}
            removeLabel={itemLabel}
            onRemove={() => leaf.set(items.filter((_, i) => i !== index))}
          >
            {inputProps => (
              <TextField
                className={styles.grow}
                aria-label={itemLabel}
                value={typeof item === 'string' ? item : String(item)}
                onChange={next =>
                  leaf.set(items.map((old, i) => (i === index ? next : old)))
                }
                {...inputProps}
              />
            )}
          </ControlRow>
        );
      })}
    </ControlGroup>
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
    <ControlGroup
      label={label}
      description={node.description}
      issues={leaf}
      onAdd={() => setRows([...rows, newRow()])}
    >
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
    </ControlGroup>
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
  const { row } = props;
  const keyLabel = t('control.keyOf', {
    index: String(props.index + 1),
    title: props.title,
  });
  return (
    <ControlRow
      issueKey={rowKey(props.field, row.key)}
      removeLabel={row.key || keyLabel}
      onRemove={props.onRemove}
    >
      {inputProps => (
        <>
          <TextField
            className={styles.grow}
            aria-label={keyLabel}
            placeholder={t('control.key')}
            value={row.key}
            onChange={key => props.onChange({ ...row, key })}
            {...inputProps}
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
            {...inputProps}
          />
        </>
      )}
    </ControlRow>
  );
}

function ObjectListControl({ path, node, label }: ControlProps) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  const form = useOrderForm();
  const leaf = useLeaf(path);
  const items = Array.isArray(leaf.value) ? leaf.value : [];
  return (
    <ControlGroup
      label={label}
      description={node.description}
      issues={leaf}
      onAdd={() => leaf.set([...items, {}])}
    >
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
                <RemoveButton
                  label={title}
                  onRemove={() =>
                    leaf.set(items.filter((__, i) => i !== index))
                  }
                />
              </div>
            )}
          </div>
        );
      })}
    </ControlGroup>
  );
}
