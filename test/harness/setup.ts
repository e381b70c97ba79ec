// Runs in every test file (vitest setupFiles): no compositor or client outlives its file.
import { afterAll } from 'vitest';
import { killLeftovers } from './wayboard.js';

afterAll(killLeftovers);
