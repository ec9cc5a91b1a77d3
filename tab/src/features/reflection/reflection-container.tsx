import { useEffect, useState } from 'react';
import {
  createClientId,
  usePanel,
  type Reflection as StoredReflection,
} from '../../app/panel-model.js';
import { NoSession } from '../shared/NoSession.js';
import { Reflection } from './Reflection.js';

/** My reflection on this session, kept with my own data: created once, then edited. */
export function ReflectionContainer() {
  const panel = usePanel();
  const session = panel.session;
  const circleId = session?.circleId;
  const sessionId = session?.id;
  const reflections = panel.api.reflections;
  const [mine, setMine] = useState<StoredReflection | null>(null);

  useEffect(() => {
    if (circleId === undefined || sessionId === undefined) return undefined;
    let isCurrent = true;
    reflections.listMine({ circleId, sessionId }).then(
      (list) => {
        if (isCurrent) setMine(list.find((r) => r.moment === 'after') ?? null);
      },
      // Nothing to show yet is fine: saving will create it.
      () => undefined,
    );
    return () => {
      isCurrent = false;
    };
  }, [reflections, circleId, sessionId]);

  if (session === null || circleId === undefined || sessionId === undefined) return <NoSession />;
  return (
    <Reflection
      reflection={mine === null ? null : { text: mine.text, shared: mine.shared }}
      onSave={async ({ text, shared }) => {
        const saved =
          mine === null
            ? await reflections.create({
                id: createClientId(),
                circleId,
                sessionId,
                moment: 'after',
                text,
                shared,
              })
            : await reflections.edit(mine.id, { text, shared });
        setMine(saved);
      }}
    />
  );
}
