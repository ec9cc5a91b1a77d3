// Notes and outputs, ready to lazy-load.
import { NotesAndOutputsContainer } from './notes-outputs-container.js';

export default NotesAndOutputsContainer;
export { NotesAndOutputs, type NotesAndOutputsProps } from './NotesAndOutputs.js';
