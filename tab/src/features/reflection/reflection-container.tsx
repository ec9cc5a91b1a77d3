import { useEffect, useState } from 'react';
import {
  createClientId,
  usePanel,
  type Reflection as StoredReflection,
  type SharedReflection,
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
  const [shared, setShared] = useState<readonly SharedReflection[]>([]);
  const me = panel.me.personId;

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
    reflections.listShared(circleId, sessionId).then(
      (list) => isCurrent && setShared(list),
      // Others' reflections are a courtesy: without them the view still works.
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
      sharedByOthers={shared
        .filter((item) => item.author !== me)
        .map((item) => ({ id: item.id, authorName: item.authorDisplayName, text: item.text }))}
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
