import { messages } from '../../messages/index.js';
import { useViewStyles } from './styles.js';

/** What a connected view shows before the shell has joined a session. */
export function NoSession() {
  const styles = useViewStyles();
  return (
    <div className={styles.view}>
      <p className={styles.caption}>{messages.features.common.noSession}</p>
    </div>
  );
}
