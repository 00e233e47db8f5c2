// Runs on a worker thread (bundled by judging.test.ts): the judging side, as the built server runs it.
import { parentPort, workerData } from 'node:worker_threads';
import { type JudgeWorkerData, serveJudging } from '../../../src-central/applications/judging';

serveJudging(parentPort!, workerData as JudgeWorkerData);
