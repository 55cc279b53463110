import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';

export type NewVendor = { name: string; vat?: string; iban?: string; email?: string };

type VendorProps = { initial: NewVendor | null; busy: boolean; onClose(): void; onConfirm(v: NewVendor): void };

function VendorForm({ initial, busy, onClose, onConfirm }: Omit<VendorProps, 'initial'> & { initial: NewVendor }) {
  const [v, setV] = useState<NewVendor>(initial);
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    if (!v.name.trim()) {
      setError('A name is needed.');
      return;
    }
    const clean = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);
    const out: NewVendor = { name: v.name.trim() };
    const vat = clean(v.vat)?.replace(/\s+/g, '');
    const iban = clean(v.iban)?.replace(/\s+/g, '');
    const email = clean(v.email);
    if (vat) out.vat = vat;
    if (iban) out.iban = iban;
    if (email) out.email = email;
    onConfirm(out);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          No Odoo partner matches this vendor. It is created together with the draft bill (both go through the outbox).
        </Text>
        <TextInput label="Name" required data-autofocus value={v.name} error={error} onChange={(e) => setV({ ...v, name: e.currentTarget.value })} />
        <TextInput label="VAT / tax id" value={v.vat ?? ''} onChange={(e) => setV({ ...v, vat: e.currentTarget.value })} />
        <TextInput label="IBAN" value={v.iban ?? ''} onChange={(e) => setV({ ...v, iban: e.currentTarget.value })} />
        <TextInput label="E-mail" type="email" value={v.email ?? ''} onChange={(e) => setV({ ...v, email: e.currentTarget.value })} />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Create vendor and draft bill
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Create vendor": prefilled from the document's vendor fields. */
export function CreateVendorModal({ initial, busy, onClose, onConfirm }: VendorProps) {
  return (
    <Modal opened={initial !== null} onClose={onClose} title="Create vendor" size="md">
      {initial && <VendorForm key={JSON.stringify(initial)} initial={initial} busy={busy} onClose={onClose} onConfirm={onConfirm} />}
    </Modal>
  );
}

type ConfirmProps = { opened: boolean; title: string; body: string; confirmLabel: string; color?: string; busy?: boolean; onClose(): void; onConfirm(): void };

/** A yes/no question; the confirm button has focus, so Enter confirms and Esc cancels. */
export function ConfirmModal({ opened, title, body, confirmLabel, color, busy, onClose, onConfirm }: ConfirmProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="sm">
      <Stack gap="md">
        <Text size="sm">{body}</Text>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color={color} data-autofocus loading={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
