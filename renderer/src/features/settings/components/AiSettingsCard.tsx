import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Card, Group, PasswordInput, Select, Skeleton, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCircleCheck, IconKey, IconSparkles, IconTrash } from '@tabler/icons-react';
import type { AiStatus } from '../../../../../core/contract';
import { isClientError } from '../../../shared/api/client';
import { configureAi, fetchAiStatus, testAi } from '../ai.api';

const FAILURE_TITLE: Record<string, string> = {
  'ai/not-configured': 'No API key stored',
  'ai/unauthorized': 'API key refused',
  'ai/rate-limited': 'Rate limit reached',
  'ai/unavailable': 'Claude is unavailable',
  'ai/timeout': 'Claude took too long to answer',
  'ai/invalid-request': 'Request refused',
  'ai/invalid-response': 'Unexpected answer',
  'contract/invalid-input': 'Check the fields',
  'vault/unavailable': 'The key could not be stored',
};

type Failure = { title: string; message: string };
const failureOf = (e: unknown): Failure =>
  isClientError(e) ? { title: FAILURE_TITLE[e.code] ?? 'Failed', message: e.message } : { title: 'Failed', message: e instanceof Error ? e.message : String(e) };

const price = (n: number) => `$${n < 1 ? n.toFixed(2) : n.toFixed(n % 1 === 0 ? 0 : 2)}`;

/**
 * Settings → AI: the Anthropic API key (kept in the credential vault, never shown again), the model, an
 * optional endpoint (a proxy) and redaction mode. Without a key every feature works offline.
 */
export function AiSettingsCard() {
  const [status, setStatus] = useState<AiStatus | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [apiKey, setApiKey] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [busy, setBusy] = useState<'save' | 'test' | 'remove' | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [tested, setTested] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    fetchAiStatus().then(
      (s) => {
        if (!alive) return;
        setStatus(s);
        setBaseUrl(s.baseUrl ?? '');
        setLoadError(null);
      },
      (e: unknown) => {
        if (alive) setLoadError(failureOf(e).message);
      },
    );
    return () => {
      alive = false;
    };
  }, []);

  const apply = async (kind: 'save' | 'remove', input: Parameters<typeof configureAi>[0], done: string) => {
    setBusy(kind);
    setFailure(null);
    setTested(null);
    try {
      const s = await configureAi(input);
      setStatus(s);
      setApiKey('');
      setBaseUrl(s.baseUrl ?? '');
      notifications.show({ color: 'teal', title: 'AI settings saved', message: done });
    } catch (e) {
      setFailure(failureOf(e));
    } finally {
      setBusy(null);
    }
  };

  const onSave = (ev: FormEvent) => {
    ev.preventDefault();
    const trimmedUrl = baseUrl.trim();
    void apply(
      'save',
      { ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}), baseUrl: trimmedUrl ? trimmedUrl : null },
      apiKey.trim() ? 'The key is stored in the credential vault.' : 'Endpoint saved.',
    );
  };

  const onTest = async () => {
    setBusy('test');
    setFailure(null);
    setTested(null);
    try {
      // test what the form shows, saved or not
      const r = await testAi({ ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}), baseUrl: baseUrl.trim() ? baseUrl.trim() : null });
      setTested(`${r.model} answered in ${r.latencyMs} ms.`);
    } catch (e) {
      setFailure(failureOf(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card padding="lg" aria-label="AI" id="ai-settings">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <span style={{ marginTop: 2, display: 'inline-flex' }}>
              <IconSparkles size={20} stroke={1.6} />
            </span>
            <div>
              <Title order={3}>AI (Claude)</Title>
              <Text size="sm" c="dimmed">
                Optional. With an Anthropic API key, invoice extraction can ask Claude about hard documents; everything works offline without one.
              </Text>
            </div>
          </Group>
          {status && (
            <Badge color={status.configured ? 'teal' : 'gray'} variant="light" data-testid="ai-status" style={{ flexShrink: 0 }}>
              {status.configured ? 'Key stored' : 'Off — offline only'}
            </Badge>
          )}
        </Group>

        {loadError && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title="AI settings unavailable">
            {loadError}
          </Alert>
        )}
        {!status && !loadError && (
          <Stack gap="sm">
            <Skeleton h={56} />
            <Skeleton h={56} />
          </Stack>
        )}

        {status && (
          <form onSubmit={onSave}>
            <Stack gap="sm">
              <PasswordInput
                label={status.configured ? 'Replace the API key' : 'Anthropic API key'}
                description={
                  status.configured
                    ? 'A key is stored and is never shown again. Enter a new one to replace it.'
                    : 'Create one at console.anthropic.com. It is kept in the credential vault on this computer.'
                }
                placeholder={status.configured ? '••••••••••••' : 'sk-ant-…'}
                leftSection={<IconKey size={16} />}
                value={apiKey}
                onChange={(e) => setApiKey(e.currentTarget.value)}
                autoComplete="off"
                spellCheck={false}
              />
              {status.vault.warning && (
                <Text size="xs" c="orange">
                  {status.vault.warning}
                </Text>
              )}
              <Select
                label="Model"
                description="Price per million tokens: input / output."
                data={[
                  ...status.models.map((m) => ({ value: m.id, label: `${m.label}${m.id === status.defaultModel ? ' (default)' : ''} — ${price(m.inputPerMTok)} / ${price(m.outputPerMTok)}` })),
                  ...(status.models.some((m) => m.id === status.model) ? [] : [{ value: status.model, label: status.model }]),
                ]}
                value={status.model}
                allowDeselect={false}
                searchable
                onChange={(v) => {
                  if (v && v !== status.model) void apply('save', { model: v }, `Model set to ${v}.`);
                }}
              />
              <Switch
                label="Redaction mode"
                description="Replace IBANs, e-mail addresses, phone numbers and personal names by placeholders before anything is sent; page images of scans are then not sent."
                checked={status.redaction}
                onChange={(e) => void apply('save', { redaction: e.currentTarget.checked }, e.currentTarget.checked ? 'Redaction is on.' : 'Redaction is off.')}
              />
              <TextInput
                label="API endpoint (optional)"
                description="Leave empty for Anthropic. An https:// proxy address; http:// only on this computer."
                placeholder="https://api.anthropic.com"
                value={baseUrl}
                onChange={(e) => setBaseUrl(e.currentTarget.value)}
                spellCheck={false}
              />
              {failure && (
                <Alert color="red" icon={<IconAlertTriangle size={18} />} title={failure.title} data-testid="ai-failure">
                  {failure.message}
                </Alert>
              )}
              {tested && (
                <Alert color="teal" icon={<IconCircleCheck size={18} />} title="Connection works" data-testid="ai-tested">
                  {tested}
                </Alert>
              )}
              <Group gap="sm">
                <Button type="submit" loading={busy === 'save'} disabled={busy !== null && busy !== 'save'}>
                  Save
                </Button>
                <Button variant="default" onClick={() => void onTest()} loading={busy === 'test'} disabled={(!status.configured && !apiKey.trim()) || (busy !== null && busy !== 'test')}>
                  Test connection
                </Button>
                {status.configured && (
                  <Button
                    variant="subtle"
                    color="red"
                    leftSection={<IconTrash size={16} />}
                    loading={busy === 'remove'}
                    disabled={busy !== null && busy !== 'remove'}
                    onClick={() => void apply('remove', { apiKey: null }, 'The key was removed; AI features are off.')}
                  >
                    Remove key
                  </Button>
                )}
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}
