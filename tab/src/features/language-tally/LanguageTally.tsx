import { Badge, Button, makeStyles, tokens } from '@fluentui/react-components';
import { useId, useState } from 'react';
import {
  LANGUAGE_TAGS,
  type EpochMs,
  type LanguageTag,
  type Mark,
  type ParticipantId,
  type SessionState,
} from '@grow-together/core';
import { messages } from '../../messages/index.js';
import { LiveAnnouncer } from '../shared/LiveAnnouncer.js';
import { useViewStyles } from '../shared/styles.js';
import { describeTally } from './language-tally-model.js';

const text = messages.features.tally;
const tagNames = messages.features.common.languageTags;

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
    gap: tokens.spacingHorizontalS,
  },
  tag: {
    minHeight: '44px',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalXXS,
    width: '100%',
    paddingLeft: tokens.spacingHorizontalSNudge,
    paddingRight: tokens.spacingHorizontalSNudge,
  },
  // Two columns at 320 px leave a tag's name about 100 px: a long word wraps rather than run
  // under its count.
  tagName: {
    minWidth: 0,
    overflowWrap: 'anywhere',
    textAlign: 'start',
  },
});

export interface LanguageTallyProps {
  readonly session: SessionState;
  readonly me: ParticipantId;
  readonly nowMs: EpochMs;
  readonly marks: readonly Mark[];
  readonly onTag: (tag: LanguageTag, speaker: ParticipantId) => void;
}

/** Tag buttons for whoever is speaking, with this stage's rules and the alerts they raised. */
export function LanguageTally({ session, me, nowMs, marks, onTag }: LanguageTallyProps) {
  const styles = useViewStyles();
  const own = useStyles();
  const model = describeTally(session, me, marks, nowMs);
  const [announcement, setAnnouncement] = useState('');
  const alertsId = useId();

  if (!model.canRecord) {
    return (
      <section className={styles.view} aria-label={text.region}>
        <p className={styles.caption}>{text.notRecorder}</p>
      </section>
    );
  }

  return (
    <section className={styles.view} aria-label={text.region}>
      <LiveAnnouncer message={announcement} />
      <h2 className={styles.heading}>{text.heading}</h2>
      {model.rules.length > 0 && (
        <p className={styles.note}>
          {text.stageRules}:{' '}
          {model.rules.map((rule) => messages.features.common.stageRules[rule]).join(' · ')}
        </p>
      )}
      <p className={styles.body}>
        {model.target === null
          ? text.nobody
          : model.isTargetSpeaking
            ? text.tagging(model.target.displayName)
            : text.taggingLast(model.target.displayName)}
      </p>
      <div role="group" aria-label={text.heading} className={own.grid}>
        {LANGUAGE_TAGS.map((tag) => (
          <TagButton
            key={tag}
            tag={tag}
            count={model.counts[tag]}
            disabled={!model.canTag}
            onTag={() => {
              if (model.target === null) return;
              onTag(tag, model.target.id);
              setAnnouncement(text.tagged(tagNames[tag], model.target.displayName));
            }}
          />
        ))}
      </div>
      <div className={styles.section}>
        <h3 id={alertsId} className={styles.subheading}>
          {text.alerts}
        </h3>
        {model.alerts.length === 0 ? (
          <p className={styles.caption}>{text.noAlerts}</p>
        ) : (
          <ul className={styles.plainList} aria-labelledby={alertsId}>
            {model.alerts.map((alert) => (
              <li key={`${alert.rule}-${alert.atMs}-${alert.participant}`} className={styles.cue}>
                {text.alertFor(
                  alert.displayName,
                  text.ruleAlerts[alert.rule][alert.tag] ?? alert.message,
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function TagButton({
  tag,
  count,
  disabled,
  onTag,
}: {
  readonly tag: LanguageTag;
  readonly count: number;
  readonly disabled: boolean;
  readonly onTag: () => void;
}) {
  const own = useStyles();
  const countId = useId();
  return (
    <Button className={own.tag} disabled={disabled} aria-describedby={countId} onClick={onTag}>
      <span className={own.tagName}>{tagNames[tag]}</span>
      <Badge id={countId} size="small" appearance="tint" color="informative" aria-hidden="true">
        {count}
      </Badge>
    </Button>
  );
}
