import type { ReactNode } from 'react';
import { Container, Stack } from '@mantine/core';

/** Consistent page width and rhythm; each page is a region named after it (tests and screen readers find it). */
export function PageContainer({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Container size="lg" py="xl" px="lg" component="section" aria-label={label}>
      <Stack gap="xl">{children}</Stack>
    </Container>
  );
}
