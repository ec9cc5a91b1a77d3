// The reflection, ready to lazy-load.
import { ReflectionContainer } from './reflection-container.js';

export default ReflectionContainer;
export { Reflection, type ReflectionProps } from './Reflection.js';
