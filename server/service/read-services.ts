/**
 * The read services by use case, over one reader's side (`AgreementReader`): reading a system,
 * learning across systems, time (history and upkeep) and the index's status. One instance per
 * process holds no results; `forRequest` gives the services of one request, which share that
 * request's memo (one access check and one catalogue for all its fields).
 */
import { AgreementReader, RequestMemo, type AgreementServiceOptions } from './agreement-service';
import { SystemService } from './system-service';
import { LearningService } from './learning-service';
import { TimeService } from './time-service';
import { IndexService } from './index-service';

/** The services one request (or one call outside a request) reads through, on one reader's side. */
export interface RequestServices {
  systems: SystemService;
  learning: LearningService;
  time: TimeService;
  index: IndexService;
}

export class ReadServices implements RequestServices {
  readonly systems: SystemService;
  readonly learning: LearningService;
  readonly time: TimeService;
  readonly index: IndexService;

  constructor(private readonly options: AgreementServiceOptions) {
    const services = servicesOf(new AgreementReader(options));
    this.systems = services.systems;
    this.learning = services.learning;
    this.time = services.time;
    this.index = services.index;
  }

  /**
   * The services of one request: the reader's catalogue and access decisions are computed once
   * and shared by every field of the request; never kept beyond it, never used for another reader.
   */
  forRequest(): RequestServices {
    return servicesOf(new AgreementReader(this.options, new RequestMemo()));
  }
}

function servicesOf(reader: AgreementReader): RequestServices {
  return { systems: new SystemService(reader), learning: new LearningService(reader), time: new TimeService(reader), index: new IndexService(reader) };
}
