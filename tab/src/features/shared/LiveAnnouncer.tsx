import { makeStyles } from '@fluentui/react-components';
import { VISUALLY_HIDDEN } from './visually-hidden.js';

// A polite live region: screen readers read what is put here, without moving focus. It is always
// in the page (a region added together with its text is often not read).
const useStyles = makeStyles({
  visuallyHidden: VISUALLY_HIDDEN,
});

export function LiveAnnouncer({ message }: { readonly message: string }) {
  const styles = useStyles();
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className={styles.visuallyHidden}>
      {message}
    </div>
  );
}
