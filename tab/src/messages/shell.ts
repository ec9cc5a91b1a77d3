// Text for the app shell: start-up, host detection, connection state, demo picker.
export const shellMessages = {
  shell: {
    appName: 'Grow Together',
  },
} as const;
