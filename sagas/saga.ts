/**
 * A saga generator. What a yielded effect resumes with depends on the effect (a `select`'s
 * value, a `call`'s result…), so the resume type is `any`; each saga names what it expects.
 */
export type Saga<R = void> = Generator<unknown, R, any>; // any: see above
