import { makeStyles } from '@fluentui/react-components';

// A polite live region: screen readers read what is put here, without moving focus. It is always
// in the page (a region added together with its text is often not read).
const useStyles = makeStyles({
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: '0',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: '0',
  },
});

export function LiveAnnouncer({ message }: { readonly message: string }) {
  const styles = useStyles();
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className={styles.visuallyHidden}>
      {message}
    </div>
  );
}
