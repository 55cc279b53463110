import { useEffect } from 'react';
import { Alert, Badge, Button, Card, Center, EmptyState, Group, Loader, Switch, Table, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconUsers } from '@tabler/icons-react';
import type * as Contract from '../../../../../core/contract';
import { refreshVendors, toggleAutoDraft } from '../actions';
import { useDocumentsStore } from '../documents.store';
import { FIELD_LABELS } from '../fields';
import classes from './Documents.module.css';

/**
 * The contract's value, typed against it (a change there fails to compile here). Not imported as a value: that
 * would bundle zod's schemas into the renderer, whose JIT probe (`new Function`) the CSP rightly refuses.
 */
const AUTO_DRAFT_MIN_CLEAN: typeof Contract.AUTO_DRAFT_MIN_CLEAN = 3;

/** Per-vendor measured accuracy, clean streak, learned fields, and the switch to draft bills automatically. */
export function VendorsTable() {
  const { vendors, vendorsLoaded, vendorsError } = useDocumentsStore();
  useEffect(() => {
    void refreshVendors();
  }, []);

  if (vendorsError) {
    return (
      <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="The vendors could not be read">
        <Group gap="sm">
          <Text size="sm">{vendorsError}</Text>
          <Button size="xs" variant="light" color="red" onClick={() => void refreshVendors()}>
            Try again
          </Button>
        </Group>
      </Alert>
    );
  }
  if (!vendorsLoaded) {
    return (
      <Center py="xl">
        <Loader size="sm" aria-label="Loading vendors" />
      </Center>
    );
  }
  if (vendors.length === 0) {
    return (
      <Card padding="xl">
        <EmptyState
          variant="light"
          icon={<IconUsers size={26} stroke={1.6} />}
          title="No vendors yet"
          description="Vendors appear here once their documents are processed and reviewed. Every correction teaches Smart Odoo that vendor's layout."
        />
      </Card>
    );
  }
  return (
    <Card padding={0}>
      <Table verticalSpacing="xs" horizontalSpacing="md" highlightOnHover aria-label="Vendors">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Vendor</Table.Th>
            <Table.Th className={classes.num}>Documents</Table.Th>
            <Table.Th className={classes.num}>Accuracy</Table.Th>
            <Table.Th className={classes.num}>Clean streak</Table.Th>
            <Table.Th>Learned fields</Table.Th>
            <Table.Th>Auto-draft</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {vendors.map((v) => {
            const eligible = v.cleanStreak >= AUTO_DRAFT_MIN_CLEAN;
            return (
              <Table.Tr key={v.partnerId}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {v.name}
                  </Text>
                </Table.Td>
                <Table.Td className={classes.num}>{v.documents}</Table.Td>
                <Table.Td className={classes.num}>
                  {v.accuracy === null ? (
                    <Text span size="sm" c="dimmed">
                      —
                    </Text>
                  ) : (
                    <Badge variant="light" color={v.accuracy >= 0.98 ? 'teal' : v.accuracy >= 0.9 ? 'yellow' : 'red'}>
                      {(v.accuracy * 100).toFixed(1)}%
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td className={classes.num}>{v.cleanStreak}</Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {v.templateFields.length === 0 && !v.lineTable ? '—' : [...v.templateFields.map((f) => FIELD_LABELS[f]), ...(v.lineTable ? ['line items'] : [])].join(', ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Tooltip
                    label={
                      v.autoDraft
                        ? 'Draft bills are created for this vendor as soon as a document is extracted without warnings'
                        : eligible
                          ? 'Create draft bills for this vendor automatically'
                          : `Available after ${AUTO_DRAFT_MIN_CLEAN} documents in a row without a correction`
                    }
                  >
                    <Switch
                      checked={v.autoDraft}
                      disabled={!v.autoDraft && !eligible}
                      aria-label={`Auto-draft bills for ${v.name}`}
                      onChange={(e) => void toggleAutoDraft(v.partnerId, e.currentTarget.checked)}
                    />
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
