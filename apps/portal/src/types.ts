/** The portal's API types, from the console's types generated from the OpenAPI document. */
export type {
  ApplicantSessionDto,
  CodeSentDto,
  PortalCodeLabelDto as ApplicantTypeLabel,
  PortalApplicationDetailDto,
  PortalApplicationListDto,
  PortalSubmissionDto,
  PortalFormDto,
} from '../../console/src/api-types';
