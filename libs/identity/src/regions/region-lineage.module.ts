import { Global, Module } from '@nestjs/common';
import { REGION_LINEAGE } from '@tongban/kernel';
import { RegionLineageService } from './region-lineage.service';

/** Provides `REGION_LINEAGE` to every module of the app (the catalogue's calendars layer a region's year on its ancestors'). */
@Global()
@Module({
  providers: [RegionLineageService, { provide: REGION_LINEAGE, useExisting: RegionLineageService }],
  exports: [REGION_LINEAGE],
})
export class RegionLineageModule {}
