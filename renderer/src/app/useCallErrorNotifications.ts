import { useEffect } from 'react';
import { notifications } from '@mantine/notifications';
import { getClient } from '../shared/api/client';

/** Every refused or failed call becomes a notification with the core's message. */
export function useCallErrorNotifications(): void {
  useEffect(
    () =>
      getClient().onError((error) => {
        notifications.show({
          color: 'red',
          title: error.code === 'client/unreachable' ? 'Smart Odoo core unreachable' : 'Something went wrong',
          message: error.message,
          autoClose: 8000,
        });
      }),
    [],
  );
}
