import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { messages } from '../../messages/index.js';

const useStyles = makeStyles({
  box: {
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
});

/** Stands where a feature view belongs until it lands in tab/src/features/. */
export function Placeholder({ name }: { name: string }) {
  const styles = useStyles();
  return (
    <section className={styles.box} aria-label={name}>
      <Text weight="semibold" block>
        {messages.shell.placeholder.title(name)}
      </Text>
      <Text size={200}>{messages.shell.placeholder.body}</Text>
    </section>
  );
}
