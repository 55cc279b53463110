import { Card, EmptyState, Kbd, Text } from '@mantine/core';
import { IconArrowsExchange } from '@tabler/icons-react';
import { PageContainer } from '../../shared/ui/PageContainer';
import { PageHeader } from '../../shared/ui/PageHeader';
import { EmptyStateActions } from '../demo/EmptyStateActions';
import { ConnectGuide } from '../welcome/ConnectGuide';

export function ReconciliationPage() {
  return (
    <PageContainer label="Reconciliation">
      <PageHeader
        title="Bank reconciliation"
        description="Match bank statement lines to invoices, bills and payments. Smart Odoo proposes the matches; you accept, adjust or reject them — offline too."
      />
      <Card padding="xl">
        <EmptyState
          variant="light"
          size="lg"
          icon={<IconArrowsExchange size={28} stroke={1.6} />}
          title="No bank lines to reconcile yet"
          description={
            <>
              Once an Odoo database (or the demo company) is connected, unreconciled statement lines appear here with their
              best match proposals. Review them with the keyboard — <Kbd size="xs">?</Kbd> lists the shortcuts.
            </>
          }
        >
          <EmptyStateActions />
        </EmptyState>
      </Card>
      <ConnectGuide />
      <Text size="xs" c="dimmed" ta="center">
        Your decisions are stored locally first and reach Odoo when you are back online.
      </Text>
    </PageContainer>
  );
}
