import { Card, EmptyState } from '@mantine/core';
import { IconFileInvoice } from '@tabler/icons-react';
import { PageContainer } from '../../shared/ui/PageContainer';
import { PageHeader } from '../../shared/ui/PageHeader';
import { EmptyStateActions } from '../demo/EmptyStateActions';
import { ConnectGuide } from '../welcome/ConnectGuide';

export function DocumentsPage() {
  return (
    <PageContainer label="Documents">
      <PageHeader
        title="Documents"
        description="Turn vendor bills and receipts into draft bills: supplier, dates, amounts and tax lines are read for you and checked against Odoo before anything is created."
      />
      <Card padding="xl">
        <EmptyState
          variant="light"
          size="lg"
          icon={<IconFileInvoice size={28} stroke={1.6} />}
          title="No documents yet"
          description="After you connect Odoo, drop PDFs or photos of bills here. Each one is extracted locally, matched to its supplier and purchase order, and waits for your review."
        >
          <EmptyStateActions />
        </EmptyState>
      </Card>
      <ConnectGuide compact />
    </PageContainer>
  );
}
