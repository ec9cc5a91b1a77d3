import { Button } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import { EMPTY_OUTPUTS, type SessionOutputs } from '@grow-together/core';
import { createClientId, usePanel, type SessionNote } from '../../app/panel-model.js';
import { messages } from '../../messages/index.js';
import { NoSession } from '../shared/NoSession.js';
import { useViewStyles } from '../shared/styles.js';
import { NotesAndOutputs } from './NotesAndOutputs.js';

interface Loaded {
  readonly outputs: SessionOutputs;
  readonly note: SessionNote | null;
}

/**
 * Notes and outputs on the api. They are read again after each of my writes and whenever the
 * session moves (a new version on the stream), so what others added shows up without a reload.
 */
export function NotesAndOutputsContainer() {
  const panel = usePanel();
  const styles = useViewStyles();
  const session = panel.session;
  const circleId = session?.circleId;
  const sessionId = session?.id;
  const version = session?.version;
  const outputsApi = panel.api.outputs;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [reads, setReads] = useState(0);
  const reload = useCallback(() => setReads((count) => count + 1), []);

  useEffect(() => {
    if (circleId === undefined || sessionId === undefined) return undefined;
    let isCurrent = true;
    outputsApi.get(circleId, sessionId).then(
      (answer) => {
        if (!isCurrent) return;
        setLoaded(answer);
        setFailure(null);
      },
      (error: unknown) =>
        isCurrent && setFailure(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      isCurrent = false;
    };
  }, [outputsApi, circleId, sessionId, version, reads]);

  if (session === null || circleId === undefined || sessionId === undefined) return <NoSession />;
  if (loaded === null && failure !== null) {
    return (
      <div className={styles.view}>
        <p className={styles.caption} role="alert">
          {messages.features.common.errorPrefix} {failure}
        </p>
        <Button className={styles.tapTarget} onClick={reload}>
          {messages.features.common.tryAgain}
        </Button>
      </div>
    );
  }
  const afterWrite = async <T,>(write: Promise<T>): Promise<T> => {
    try {
      return await write;
    } finally {
      reload();
    }
  };
  return (
    <NotesAndOutputs
      session={session.state}
      me={panel.me.personId}
      note={loaded?.note ?? null}
      outputs={loaded?.outputs ?? EMPTY_OUTPUTS}
      onSaveNote={({ text, version: noteVersion }) =>
        afterWrite(outputsApi.putNote(circleId, sessionId, text, noteVersion))
      }
      onAddCommitment={({ text, dueDate }) =>
        afterWrite(
          outputsApi.addCommitment(circleId, sessionId, { id: createClientId(), text, dueDate }),
        )
      }
      onAddExperiment={(text) =>
        afterWrite(outputsApi.addExperiment(circleId, sessionId, { id: createClientId(), text }))
      }
      onAddSentence={(text) =>
        afterWrite(outputsApi.addSentence(circleId, sessionId, { id: createClientId(), text }))
      }
      onAddAppreciation={({ to, text }) =>
        afterWrite(
          outputsApi.addAppreciation(circleId, sessionId, { id: createClientId(), to, text }),
        )
      }
    />
  );
}
