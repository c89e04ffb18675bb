FROM ruby:3.2-alpine3.19
WORKDIR /app
COPY Gemfile Gemfile.lock ./
# eventmachine and its C++ extension
RUN apk add --no-cache --virtual .build-deps build-base && \
    apk add --no-cache libstdc++ libgcc && \
    bundle install --without development test && \
    apk del .build-deps
COPY . .
CMD ["bundle", "exec", "thin", "start"]
