// Text for the app shell: start-up, host detection, connection state, demo picker.
export const shellMessages = {
  shell: {
    appName: 'Grow Together',
    defaultCircleName: 'Our coaching circle',
    starting: 'Getting the session ready…',
    loadingView: 'Loading…',
    retry: 'Try again',
    startFailed: 'The panel could not start',
    noMeeting: {
      title: 'Open Grow Together in a meeting',
      body: 'The panel follows a meeting’s session. Open it from the meeting’s side panel.',
    },
    noCircle: {
      title: 'No circle for this meeting yet',
      body: 'Open the panel in the meeting, or add the app to the meeting to choose a framework.',
    },
    connection: {
      connecting: 'Connecting…',
      live: 'Live',
      reconnecting: 'Reconnecting… your marks are kept and will be sent.',
      offline: 'Offline. Your marks are kept and will be sent when the connection is back.',
      pendingMarks: (count: number) =>
        count === 1 ? '1 mark waiting to be sent' : `${count} marks waiting to be sent`,
    },
    markStorage: {
      memoryTitle: 'Marks are kept in this panel only',
      memoryBody:
        'This browser does not let the panel store anything here. Your marks still reach the server, and marks made while offline are sent when the connection is back, but not if this panel is closed or reloaded first.',
    },
    errors: {
      network: 'The server cannot be reached. Check the connection.',
      noSession: 'There is no session yet in this meeting.',
      unknown: 'Something went wrong. Try again.',
      hostTimeout: (host: string) => `${host} did not answer. Showing the browser version.`,
      configurationNotReady: 'The page is still loading. Try Save again in a moment.',
    },
    picker: {
      title: 'Try Grow Together in your browser',
      intro:
        'Pick who you are and a meeting. Open more browser tabs with the same meeting and other people to be several people in one call.',
      userLabel: 'I am',
      meetingLabel: 'Meeting',
      meetingHint: 'Everyone who picks the same meeting joins the same call.',
      join: 'Join the meeting',
      loadingUsers: 'Loading the demo people…',
      usersFailed:
        'The demo people could not be loaded. The server must run in dev mode (AUTH_MODE=dev).',
    },
    pages: {
      sidePanel: 'Side panel',
      stage: 'Meeting stage',
      config: 'Set up the circle',
      beforeAfter: 'Before and after the session',
    },
    /** Each page's level-one heading (the side panel's and the stage's are not shown). */
    pageHeadings: {
      sidePanel: 'Grow Together: this session',
      stage: 'Grow Together: this session on the meeting stage',
    },
  },
} as const;
