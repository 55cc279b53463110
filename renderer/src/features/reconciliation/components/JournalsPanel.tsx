import type { ReactNode } from 'react';
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { Load } from './useLoad';

/**
 * The frame of a per-journal tab (confidence bands, balance check): a loader until the first answer, the
 * failure with Try again, “No bank journal yet”, else the tab's own content for its journals.
 */
export function JournalsPanel<J>({
  load,
  loadingLabel,
  errorTitle,
  children,
}: {
  load: Pick<Load<{ journals: J[] }>, 'data' | 'error' | 'loading' | 'reload'>;
  loadingLabel: string;
  errorTitle: string;
  children(journals: J[]): ReactNode;
}) {
  const { data, error, loading, reload } = load;
  if (loading && !data) {
    return (
      <Center py="xl">
        <Loader size="sm" aria-label={loadingLabel} />
      </Center>
    );
  }
  if (error) {
    return (
      <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={errorTitle}>
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{error}</Text>
          <Button size="xs" variant="light" color="red" onClick={reload}>
            Try again
          </Button>
        </Stack>
      </Alert>
    );
  }
  if (!data || data.journals.length === 0) {
    return (
      <Text size="sm" c="dimmed" ta="center" p="lg">
        No bank journal yet.
      </Text>
    );
  }
  return <Stack gap="md">{children(data.journals)}</Stack>;
}
