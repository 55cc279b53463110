import { useRef, useState } from 'react';
import { Alert, Button, Group, Loader, Modal, PasswordInput, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle, IconCircleCheck, IconPlugConnected } from '@tabler/icons-react';
import type { Connection } from '../../../../../core/contract';
import { isClientError } from '../../../shared/api/client';
import { listDatabases, saveConnection, testConnection, type ConnectionTest } from '../connections.api';
import { failureTitle, fieldErrors, type FieldName } from './errors';

type Protocol = Connection['protocol'];
type Props = { editing: Connection | null; onClose(): void; onSaved(c: Connection): void };

type Values = { label: string; url: string; db: string; login: string; secret: string; protocol: Protocol };
type TestState = { kind: 'idle' } | { kind: 'running' } | { kind: 'ok'; result: ConnectionTest } | { kind: 'failed'; code: string; message: string };

const PROTOCOLS: { value: Protocol; label: string }[] = [
  { value: 'auto', label: 'Automatic' },
  { value: 'jsonrpc', label: 'JSON-RPC' },
  { value: 'json2', label: 'JSON-2' },
];
const isProtocol = (v: string): v is Protocol => PROTOCOLS.some((p) => p.value === v);

const validUrl = (u: string): boolean => {
  try {
    const x = new URL(u);
    return x.protocol === 'https:' || x.protocol === 'http:';
  } catch {
    return false;
  }
};

const hostOf = (u: string): string => {
  try {
    return new URL(u).hostname;
  } catch {
    return '';
  }
};

function validate(v: Values, isNew: boolean): Partial<Record<FieldName, string>> {
  const e: Partial<Record<FieldName, string>> = {};
  if (!validUrl(v.url.trim())) e.url = 'Enter the address of your Odoo, starting with https:// (or http://).';
  if (!v.login.trim()) e.login = 'Enter the login (usually an e-mail address).';
  if (isNew && !v.secret) e.secret = 'Enter the API key (or password) of this user.';
  return e;
}

/** Add or edit an Odoo connection. The key is sent to the core's vault and never shown back. */
export function ConnectionForm({ editing, onClose, onSaved }: Props) {
  const isNew = editing === null;
  const [values, setValues] = useState<Values>(() => ({
    label: editing?.label ?? '',
    url: editing?.url ?? '',
    db: editing?.db ?? '',
    login: editing?.login ?? '',
    secret: '',
    protocol: editing?.protocol ?? 'auto',
  }));
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [databases, setDatabases] = useState<string[] | null>(null);
  const [lookingUp, setLookingUp] = useState(false);
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<{ code: string; message: string } | null>(null);
  const lookedUpFor = useRef<string | null>(null);

  const set = <K extends keyof Values>(k: K, v: Values[K]) => {
    setValues((s) => ({ ...s, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
    setTest({ kind: 'idle' });
  };

  const lookUpDatabases = async (url: string) => {
    const u = url.trim();
    if (!validUrl(u) || lookedUpFor.current === u) return;
    lookedUpFor.current = u;
    setLookingUp(true);
    try {
      const { databases: dbs } = await listDatabases(u);
      if (lookedUpFor.current !== u) return;
      setDatabases(dbs && dbs.length > 0 ? dbs : null);
      if (dbs && dbs.length === 1 && !values.db) setValues((s) => ({ ...s, db: dbs[0] ?? '' }));
    } catch {
      // the server does not list its databases (or is not reachable yet): type the name
      if (lookedUpFor.current === u) setDatabases(null);
    } finally {
      setLookingUp(false);
    }
  };

  const payload = () => ({
    url: values.url.trim(),
    db: values.db.trim() || null,
    login: values.login.trim(),
    ...(values.secret ? { secret: values.secret } : {}),
    protocol: values.protocol,
  });

  const onTest = async () => {
    const e = validate(values, false);
    if (isNew && !values.secret) e.secret = 'Enter the API key (or password) to test the connection.';
    setErrors(e);
    if (Object.values(e).some(Boolean)) return;
    setTest({ kind: 'running' });
    try {
      const result = await testConnection({ ...payload(), ...(editing && !values.secret ? { connectionId: editing.id } : {}) });
      setTest({ kind: 'ok', result });
      if (result.databases && result.databases.length > 0) setDatabases(result.databases);
    } catch (err) {
      if (isClientError(err)) {
        setErrors(fieldErrors(err.details));
        setTest({ kind: 'failed', code: err.code, message: err.message });
      } else setTest({ kind: 'failed', code: 'app/internal', message: String(err) });
    }
  };

  const onSave = async () => {
    const e = validate(values, isNew);
    setErrors(e);
    if (Object.values(e).some(Boolean)) return;
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await saveConnection({
        ...(editing ? { id: editing.id } : {}),
        label: values.label.trim() || hostOf(values.url.trim()) || 'Odoo',
        ...payload(),
        activate: true,
      });
      onSaved(saved);
    } catch (err) {
      if (isClientError(err)) {
        setErrors(fieldErrors(err.details));
        setSaveError({ code: err.code, message: err.message });
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened onClose={onClose} size="lg" title={<Text fw={650}>{isNew ? 'Connect your Odoo' : `Edit “${editing.label}”`}</Text>}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void onSave();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label="Odoo address"
            placeholder="https://yourcompany.odoo.com"
            required
            value={values.url}
            error={errors.url}
            onChange={(e) => set('url', e.currentTarget.value)}
            onBlur={() => void lookUpDatabases(values.url)}
            data-autofocus
            rightSection={lookingUp ? <Loader size={14} /> : undefined}
          />
          <Group grow align="flex-start">
            {databases ? (
              <Select
                label="Database"
                description={`${databases.length} on this server`}
                data={databases}
                value={values.db || null}
                error={errors.db}
                onChange={(v) => set('db', v ?? '')}
                allowDeselect={false}
                searchable
              />
            ) : (
              <TextInput
                label="Database"
                description="Leave empty if the server has only one"
                value={values.db}
                error={errors.db}
                onChange={(e) => set('db', e.currentTarget.value)}
              />
            )}
            <TextInput
              label="Label"
              description="How it is shown in the app"
              placeholder={hostOf(values.url) || 'e.g. Production'}
              value={values.label}
              error={errors.label}
              onChange={(e) => set('label', e.currentTarget.value)}
            />
          </Group>
          <Group grow align="flex-start">
            <TextInput
              label="Login"
              placeholder="you@company.com"
              required
              autoComplete="username"
              value={values.login}
              error={errors.login}
              onChange={(e) => set('login', e.currentTarget.value)}
            />
            <PasswordInput
              label="API key or password"
              required={isNew}
              autoComplete="new-password"
              placeholder={isNew ? undefined : editing.hasCredential ? 'Stored — leave empty to keep it' : 'No key stored'}
              value={values.secret}
              error={errors.secret}
              onChange={(e) => set('secret', e.currentTarget.value)}
            />
          </Group>
          <div>
            <Text size="sm" fw={500} mb={4} id="protocol-label">
              Protocol
            </Text>
            <SegmentedControl
              aria-labelledby="protocol-label"
              size="xs"
              value={values.protocol}
              onChange={(v) => {
                if (isProtocol(v)) set('protocol', v);
              }}
              data={PROTOCOLS}
            />
            <Text size="xs" c="dimmed" mt={4}>
              Automatic uses JSON-2 on Odoo 19 and later, JSON-RPC before. Change it only if your administrator asks.
            </Text>
          </div>

          {test.kind === 'ok' && (
            <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title="Connection works" role="status" p="sm">
              <Text size="sm">
                Odoo {test.result.serverVersion} · signed in as {test.result.userName} (user #{test.result.uid}) · {test.result.protocol}
              </Text>
              {test.result.warnings.map((w) => (
                <Text key={w} size="xs" c="orange.8" mt={4}>
                  {w}
                </Text>
              ))}
            </Alert>
          )}
          {test.kind === 'failed' && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} title={failureTitle(test.code)} role="alert" p="sm">
              <Text size="sm">{test.message}</Text>
              <Text size="xs" c="dimmed" mt={2}>
                Code <code>{test.code}</code>
              </Text>
            </Alert>
          )}
          {saveError && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} title={failureTitle(saveError.code)} p="sm">
              <Text size="sm">{saveError.message}</Text>
            </Alert>
          )}

          <Group justify="space-between" mt="xs">
            <Button variant="default" leftSection={<IconPlugConnected size={16} />} onClick={() => void onTest()} loading={test.kind === 'running'}>
              Test connection
            </Button>
            <Group gap="sm">
              <Button variant="subtle" color="gray" onClick={onClose} disabled={saving}>
                Cancel
              </Button>
              <Button type="submit" loading={saving}>
                Save and use
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
