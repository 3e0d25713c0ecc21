/** Every migration, in order. A new migration is added here as well as in this folder. */
import { InitialSchema1764338400000 } from './1764338400000-initial-schema';

export const MIGRATIONS = [InitialSchema1764338400000];
