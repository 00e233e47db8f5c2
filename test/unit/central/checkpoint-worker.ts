// Runs on a worker thread (bundled by checkpoints.test.ts): the checkpointing side, as the built server runs it.
import { parentPort, workerData } from 'node:worker_threads';
import { type CheckpointWorkerData, serveCheckpoints } from '../../../src-central/checkpoints';

serveCheckpoints(parentPort!, workerData as CheckpointWorkerData);
