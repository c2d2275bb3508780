import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError } from '@app/domain';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { AnnuaireLookup } from '../onboarding/annuaire-lookup';
import type { PhysicianSearchAnswer } from '../openapi/responses';
import { PhysicianSearchQuery } from './physician-search.dto';

/**
 * The Annuaire Santé as an orthophoniste consults it: finding the patient's
 * médecin traitant by name (and town) or by RPPS, with the MSSanté address
 * the engine would write to. Read-only, nothing recorded; the directory's
 * answers are public data.
 */
@ApiTags('directory')
@Controller('directory')
export class DirectoryController {
  constructor(private readonly annuaire: AnnuaireLookup) {}

  @Get('physicians')
  @ApiOperation({
    summary: 'Search the Annuaire Santé for a médecin by name (and town) or RPPS (practitioners)',
    description:
      'By `name`: médecins (TRE_G15 profession 10) in practice whose family name starts so (case and accents do not matter), at most 20; ' +
      '`town` keeps those with a place of practice in a town starting so. By `rpps`: that physician, whatever their town, active or not. ' +
      'Each with the MSSanté address the engine would write to (null when none, or when their exercise is closed) and where they practise.',
  })
  @ApiOkResponse({
    description:
      '{ items: [{ rpps, displayName, active, mssAddress (string or null), places: [{ name, city (or null), postalCode (or null) }] }] }; ' +
      'an empty list when nobody matches',
  })
  @ApiBadRequestResponse({
    description:
      'neither name nor rpps (a town alone is no search: 400 naming name), or a malformed value',
  })
  @ApiForbiddenResponse({
    description: 'only practitioners search the directory for a médecin traitant',
  })
  @ApiServiceUnavailableResponse({ description: 'the Annuaire Santé cannot be reached; try again' })
  async physicians(
    @Query() query: PhysicianSearchQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PhysicianSearchAnswer> {
    if (principal.practitionerId === null) {
      throw new DomainError(
        'forbidden',
        "the Annuaire Santé is searched here by practitioners, for their patients' médecins traitants",
      );
    }
    const items = await this.annuaire.physicians({
      ...(query.name !== undefined ? { name: query.name } : {}),
      ...(query.town !== undefined ? { town: query.town } : {}),
      ...(query.rpps !== undefined ? { rpps: query.rpps } : {}),
    });
    return { items };
  }
}
