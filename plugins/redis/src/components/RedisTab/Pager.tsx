import { useState } from 'react';
import { TablePagination } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { redisTranslationRef } from '../../translation';

const PAGE_SIZES = [25, 50, 100];

/** The visible slice of `items`; a refresh with fewer items keeps the last page that still exists. */
export function usePage<T>(items: T[], initialPageSize = PAGE_SIZES[1]) {
  const [pageSize, setPageSize] = useState(initialPageSize);
  const [requestedOffset, setOffset] = useState(0);
  const lastOffset = Math.max(
    0,
    Math.floor((items.length - 1) / pageSize) * pageSize,
  );
  const offset = Math.min(requestedOffset, lastOffset);
  return {
    items: items.slice(offset, offset + pageSize),
    offset,
    pageSize,
    total: items.length,
    setOffset,
    setPageSize(size: number) {
      setPageSize(size);
      setOffset(0);
    },
  };
}

/** Page controls, shown once there is more than the smallest page. */
export function Pager(props: {
  page: ReturnType<typeof usePage<unknown>>;
  itemsLabel: 'pods' | 'shards' | 'runs';
}) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { offset, pageSize, total, setOffset, setPageSize } = props.page;
  if (total <= PAGE_SIZES[0]) return null;
  return (
    <TablePagination
      pageSize={pageSize}
      pageSizeOptions={PAGE_SIZES.map(size => ({
        value: size,
        label: t(`tab.pager.${props.itemsLabel}`, { size: String(size) }),
      }))}
      offset={offset}
      totalCount={total}
      hasNextPage={offset + pageSize < total}
      hasPreviousPage={offset > 0}
      onNextPage={() => setOffset(offset + pageSize)}
      onPreviousPage={() => setOffset(Math.max(0, offset - pageSize))}
      onPageSizeChange={setPageSize}
      getLabel={() =>
        t('tab.pager.label', {
          from: String(offset + 1),
          to: String(Math.min(offset + pageSize, total)),
          total: String(total),
        })
      }
    />
  );
}
