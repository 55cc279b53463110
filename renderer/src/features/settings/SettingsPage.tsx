import { Card, Group, Select, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle, IconPalette, IconRefresh } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Settings } from '../../../../core/contract';
import { PageContainer } from '../../shared/ui/PageContainer';
import { PageHeader } from '../../shared/ui/PageHeader';
import { useAppInfoStore } from '../app-info/app-info.store';
import { ConnectionsCard } from '../connections/components/ConnectionsCard';
import { AiSettingsCard } from './components/AiSettingsCard';
import { LocalDatabaseCard } from './components/LocalDatabaseCard';
import { changeSettings, useSettingsStore } from './settings.store';

const THEMES: { value: Settings['theme']; label: string }[] = [
  { value: 'auto', label: 'Match system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

const LOCALES = ['en-US', 'en-GB', 'fr-FR', 'fr-BE', 'nl-BE', 'nl-NL', 'de-DE', 'de-CH', 'es-ES', 'it-IT', 'pt-PT', 'pl-PL'];

const SYNC_CHOICES = [0, 5, 15, 30, 60, 240, 1440];

function localeLabel(tag: string): string {
  try {
    const name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag);
    const sample = new Intl.NumberFormat(tag, { minimumFractionDigits: 2 }).format(1234.5);
    return name ? `${name} — ${sample}` : tag;
  } catch {
    return tag;
  }
}

function syncLabel(minutes: number): string {
  if (minutes === 0) return 'Manual only';
  if (minutes < 60) return `Every ${minutes} minutes`;
  if (minutes === 60) return 'Every hour';
  if (minutes % 60 === 0) return minutes === 1440 ? 'Once a day' : `Every ${minutes / 60} hours`;
  return `Every ${minutes} minutes`;
}

function Section({ icon, title, description, children }: { icon: ReactNode; title: string; description: string; children: ReactNode }) {
  return (
    <Card padding="lg" aria-label={title}>
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <span style={{ marginTop: 2, display: 'inline-flex' }}>{icon}</span>
          <div>
            <Title order={3}>{title}</Title>
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          </div>
        </Group>
        {children}
      </Stack>
    </Card>
  );
}

export function SettingsPage() {
  const settings = useSettingsStore((s) => s.settings);
  const info = useAppInfoStore((s) => s.info);

  const locales = settings && !LOCALES.includes(settings.locale) ? [settings.locale, ...LOCALES] : LOCALES;
  const syncChoices =
    settings && !SYNC_CHOICES.includes(settings.syncIntervalMinutes)
      ? [...SYNC_CHOICES, settings.syncIntervalMinutes].sort((a, b) => a - b)
      : SYNC_CHOICES;

  return (
    <PageContainer label="Settings">
      <PageHeader title="Settings" description="Saved on this computer for this data directory. Changes apply immediately." />
      <ConnectionsCard />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Section icon={<IconPalette size={20} stroke={1.6} />} title="Appearance" description="How Smart Odoo looks and formats numbers.">
          {settings ? (
            <Stack gap="sm">
              <Select
                label="Theme"
                description="Match system follows your operating system's light or dark mode."
                data={THEMES}
                value={settings.theme}
                allowDeselect={false}
                onChange={(v) => {
                  const t = THEMES.find((x) => x.value === v);
                  if (t) void changeSettings({ theme: t.value });
                }}
              />
              <Select
                label="Locale"
                description="Dates and amounts are formatted for this locale."
                data={locales.map((l) => ({ value: l, label: localeLabel(l) }))}
                value={settings.locale}
                searchable
                allowDeselect={false}
                onChange={(v) => {
                  if (v) void changeSettings({ locale: v });
                }}
              />
            </Stack>
          ) : (
            <Stack gap="sm">
              <Skeleton h={56} />
              <Skeleton h={56} />
            </Stack>
          )}
        </Section>
        <Section icon={<IconRefresh size={20} stroke={1.6} />} title="Sync" description="How often the local cache is refreshed from Odoo.">
          {settings ? (
            <Select
              label="Sync interval"
              description="Background sync runs while the app is open. Manual only: sync when you ask."
              data={syncChoices.map((m) => ({ value: String(m), label: syncLabel(m) }))}
              value={String(settings.syncIntervalMinutes)}
              allowDeselect={false}
              onChange={(v) => {
                const n = Number(v);
                if (v !== null && Number.isInteger(n)) void changeSettings({ syncIntervalMinutes: n });
              }}
            />
          ) : (
            <Skeleton h={56} />
          )}
        </Section>
      </SimpleGrid>
      <AiSettingsCard />
      <LocalDatabaseCard />
      <Section icon={<IconInfoCircle size={20} stroke={1.6} />} title="About" description="Useful when you contact support.">
        {info ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing="xs">
            <Fact label="Version" value={info.version} />
            <Fact label="Running as" value={info.host === 'electron' ? `Desktop (Electron ${info.runtime.electron ?? ''})` : `${info.host} host`} />
            <Fact label="Runtime" value={`Node ${info.runtime.node} · ${info.runtime.platform}/${info.runtime.arch}`} />
            <Fact label="Data directory" value={info.dataDir} mono />
          </SimpleGrid>
        ) : (
          <Skeleton h={48} />
        )}
      </Section>
    </PageContainer>
  );
}

function Fact({ label, value, mono = false }: { label: string; value: string; mono?: boolean }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" ff={mono ? 'monospace' : undefined} style={{ wordBreak: 'break-all' }}>
        {value}
      </Text>
    </div>
  );
}
