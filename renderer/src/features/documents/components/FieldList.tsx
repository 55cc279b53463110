import { useEffect, useRef, useState } from 'react';
import { Badge, Group, Text, TextInput, Tooltip } from '@mantine/core';
import type { DocFieldName, DocumentDetail } from '../documents.api';
import { useDocumentsStore } from '../documents.store';
import { saveField } from '../actions';
import { confidenceLevel, displayValue, EDIT_HINT, editValue, FIELD_KIND, FIELD_LABELS, FIELD_ORDER, ORIGIN_INFO, parseFieldInput } from '../fields';
import { useViewerStore } from '../viewer.store';
import classes from './Documents.module.css';

export function ConfidenceBadge({ confidence }: { confidence: number | undefined }) {
  const level = confidenceLevel(confidence);
  return (
    <Badge size="sm" variant="light" color={level.color} aria-label={`Confidence: ${confidence === undefined ? 'missing' : `${Math.round(confidence * 100)}%`}`} style={{ flexShrink: 0 }}>
      {confidence === undefined ? 'missing' : `${Math.round(confidence * 100)}%`}
    </Badge>
  );
}

type EditorProps = { field: DocFieldName; initial: string; onDone(): void };

/** Inline correction: Enter saves through `documents:correct`, Esc cancels; a click on the page takes a word. */
function FieldEditor({ field, initial, onDone }: EditorProps) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  // words clicked on the page while editing
  useEffect(
    () =>
      useViewerStore.subscribe((s, prev) => {
        if (!s.picked || s.picked.seq === prev.picked?.seq) return;
        const { text, append } = s.picked;
        setValue((v) => (append && v.trim() ? `${v.trimEnd()} ${text}` : text));
        setError(null);
        inputRef.current?.focus();
      }),
    [],
  );

  const save = async () => {
    const parsed = parseFieldInput(field, value);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setSaving(true);
    const ok = await saveField(field, parsed.value);
    setSaving(false);
    if (ok) onDone();
  };

  return (
    <TextInput
      ref={inputRef}
      size="xs"
      autoFocus
      aria-label={`${FIELD_LABELS[field]} value`}
      value={value}
      error={error}
      disabled={saving}
      placeholder={EDIT_HINT[FIELD_KIND[field]] || undefined}
      description={error ? undefined : 'Enter saves · Esc cancels'}
      onChange={(e) => {
        setValue(e.currentTarget.value);
        setError(null);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          e.stopPropagation();
          void save();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onDone();
        }
      }}
      onClick={(e) => e.stopPropagation()}
    />
  );
}

/**
 * The extracted fields with their confidence and origin. Hover or keyboard focus outlines the field's source on
 * the page; click, `e` or Enter corrects it inline.
 */
export function FieldList({ detail }: { detail: DocumentDetail }) {
  const fieldIndex = useDocumentsStore((s) => s.fieldIndex);
  const editing = useDocumentsStore((s) => s.editing);
  const { fieldMoved, editStarted, editEnded, hoverChanged } = useDocumentsStore.getState();
  const listRef = useRef<HTMLDivElement>(null);
  const fields = detail.extraction?.fields ?? {};
  const currency = fields.currency?.value ?? detail.summary.currency;
  const corrected = new Set(detail.corrected);

  useEffect(() => {
    const list = listRef.current;
    const row = list?.querySelector<HTMLElement>(`[data-field-index="${fieldIndex}"]`);
    row?.scrollIntoView({ block: 'nearest' });
    // the keyboard focus follows the cursor while it is in the list (not out of an open editor)
    if (row && list?.contains(document.activeElement) && document.activeElement?.tagName !== 'INPUT') row.focus({ preventScroll: true });
  }, [fieldIndex]);

  const endEdit = () => {
    editEnded();
    // back to the list so the keyboard keeps working
    listRef.current?.querySelector<HTMLElement>(`[data-field-index="${useDocumentsStore.getState().fieldIndex}"]`)?.focus();
  };

  return (
    <div ref={listRef} role="listbox" aria-label="Extracted fields" aria-activedescendant={`doc-field-${FIELD_ORDER[fieldIndex]}`} onMouseLeave={() => hoverChanged(null)}>
      {FIELD_ORDER.map((name, index) => {
        const f = fields[name];
        const isEditing = editing === name;
        const origin = corrected.has(name) ? 'user' : f?.origin;
        const text = f ? displayValue(name, f.value, name.startsWith('amount') ? currency : undefined) : '';
        return (
          <div
            key={name}
            id={`doc-field-${name}`}
            data-field-index={index}
            data-field={name}
            role="option"
            aria-selected={index === fieldIndex}
            aria-label={FIELD_LABELS[name]}
            tabIndex={index === fieldIndex ? 0 : -1}
            className={classes.fieldRow}
            onMouseEnter={() => hoverChanged(name)}
            onFocus={() => fieldMoved(index)}
            onClick={() => {
              fieldMoved(index);
              if (!isEditing) editStarted(name);
            }}
          >
            <Text size="xs" c="dimmed" fw={600}>
              {FIELD_LABELS[name]}
            </Text>
            {isEditing ? (
              <FieldEditor field={name} initial={f ? editValue(name, f.value) : ''} onDone={endEdit} />
            ) : (
              <Text size="sm" className={classes.fieldValue} title={text} c={f ? undefined : 'dimmed'} fs={f ? undefined : 'italic'} data-field-value>
                {f ? text : 'not found'}
              </Text>
            )}
            <Group gap={4} wrap="nowrap" justify="flex-end">
              {f && <ConfidenceBadge confidence={corrected.has(name) ? 1 : f.confidence} />}
              {origin && (
                <Tooltip label={ORIGIN_INFO[origin].description}>
                  <Badge size="sm" variant="outline" color={ORIGIN_INFO[origin].color} aria-label={`Origin: ${ORIGIN_INFO[origin].label}`}>
                    {ORIGIN_INFO[origin].label}
                  </Badge>
                </Tooltip>
              )}
            </Group>
          </div>
        );
      })}
    </div>
  );
}
