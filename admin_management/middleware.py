from contextlib import ExitStack

from django.db import connections


class QueryCountHeaderMiddleware:
    """Count the SQL queries each request runs and send the count as `X-Query-Count`.

    Installed only when `QUERY_COUNT_HEADER` is on (benchmarks). A streamed response is counted
    up to the moment its body starts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(counter))
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response
