import type { Role } from '../roles/model.js';
import type { DurationMs, FrameworkId, StageId } from '../units.js';

/** The rules a stage enforces, written in the language tags of shared/LANGUAGE.md. */
export interface StageRules {
  /** Only questions belong here: advice and leading questions raise an alert. */
  readonly questionsOnly?: boolean;
  /** Observations, not interpretations: an interpretation raises an alert. */
  readonly observationsNotInterpretations?: boolean;
  /** Advice must follow a permission ("Can I offer an idea?"), or it raises an alert. */
  readonly askBeforeAdvising?: boolean;
  /** Everyone present must answer before the stage starts; a decline gets an alternative. */
  readonly consent?: 'role-play';
}

/** Prompts shown to everyone, and to each role. */
export type StagePrompts = Readonly<Partial<Record<Role | 'everyone', readonly string[]>>>;

/**
 * Marks the two stages every framework must have: the opening (norms, signals and consent) and the
 * close (commitments and appreciation). A marker, not a fixed id, so a circle can rename or reword
 * them and the summary can still find the commitments stage. Every other stage leaves it out.
 */
export type StageKind = 'opening' | 'closing';

export interface Stage {
  readonly id: StageId;
  readonly kind?: StageKind;
  readonly name: string;
  readonly purpose: string;
  readonly timeboxMs: DurationMs;
  readonly prompts: StagePrompts;
  readonly rules: StageRules;
  /** What someone who declines consent does instead, without penalty. Needed when `rules.consent`. */
  readonly consentAlternative?: string;
}

/** Coaching frameworks rotate coach, coachee and observer; action learning uses its own roles. */
export type FrameworkKind = 'coaching' | 'action-learning';

export interface Framework {
  readonly id: FrameworkId;
  readonly name: string;
  readonly kind: FrameworkKind;
  readonly summary: string;
  /** The smallest and largest circle the framework is written for. */
  readonly minPeople: number;
  readonly maxPeople: number;
  readonly stages: readonly Stage[];
  /** The built-in framework this one was copied from, when a circle edited a copy. */
  readonly basedOn?: FrameworkId;
}
