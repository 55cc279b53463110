import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Alert, Button, Code, Collapse, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconRefresh } from '@tabler/icons-react';

type Props = { children: ReactNode };
type State = { error: Error | null; componentStack: string | null; showDetails: boolean };

/** Keeps a failing page from taking the whole window down: header, navigation and jobs stay usable. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, componentStack: null, showDetails: false };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(_error: unknown, info: ErrorInfo): void {
    this.setState({ componentStack: info.componentStack ?? null });
  }

  override render(): ReactNode {
    const { error, componentStack, showDetails } = this.state;
    if (!error) return this.props.children;
    return (
      <Alert
        role="alert"
        aria-label="Page error"
        variant="light"
        color="red"
        radius="md"
        icon={<IconAlertTriangle />}
        title="This page ran into a problem"
        maw={720}
        mx="auto"
        mt="xl"
      >
        <Stack gap="sm">
          <Text size="sm">
            Nothing was sent to Odoo and your local data is safe. Reloading the window usually fixes this; if it keeps
            happening, copy the details below into a bug report.
          </Text>
          <Group gap="xs">
            <Button size="xs" color="red" leftSection={<IconRefresh size={14} />} onClick={() => window.location.reload()}>
              Reload
            </Button>
            <Button
              size="xs"
              variant="subtle"
              color="gray"
              aria-expanded={showDetails}
              rightSection={<IconChevronDown size={14} style={{ transform: showDetails ? 'rotate(180deg)' : undefined }} />}
              onClick={() => this.setState({ showDetails: !showDetails })}
            >
              {showDetails ? 'Hide details' : 'Show details'}
            </Button>
          </Group>
          <Collapse expanded={showDetails}>
            <Code block fz="xs" style={{ maxHeight: 280, overflow: 'auto' }}>
              {`${error.name}: ${error.message}\n${error.stack ?? ''}${componentStack ? `\n\nComponent stack:${componentStack}` : ''}`}
            </Code>
          </Collapse>
        </Stack>
      </Alert>
    );
  }
}
