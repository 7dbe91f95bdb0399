/**
 * For a self-hosted Flex that builds its own store with `configureStore`: add `hangUpByReducer`
 * under `hangUpBy` (wrap it in persistReducer for refresh detection) and run `rootSaga` on the
 * saga middleware with services and sources as `install()` builds them. See the README.
 */
export { hangUpByReducer, hangUpByActions, SLICE_NAME } from '../slices/hangUpBySlice';
export { rootSaga, defaultRouters } from '../sagas/rootSaga';
export type { SagaServices, HangUpByConfig } from '../sagas/services';
export { install, type Extension, type InstallOptions } from './install';
export type { EventSource } from '../sagas/events';
export type { Router } from '../sagas/rootSaga';

import createSagaMiddleware from 'redux-saga';

/** The saga middleware to add to a self-hosted Flex store; pass it to `install` as `sagaMiddleware`. */
export const createHangUpByMiddleware = () => createSagaMiddleware();
