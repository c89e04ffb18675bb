FROM ruby:3.3-slim
ENV BUNDLE_PATH="/usr/local/bundle" \
    BUNDLE_DEPLOYMENT="1" \
    BUNDLE_WITHOUT="development test"
WORKDIR /rails
COPY Gemfile Gemfile.lock ./
RUN gem install bundler:2.5.6 && bundle install && rm -rf /usr/local/bundle/cache /usr/local/bundle/ruby/*/cache
COPY . .
CMD ["./bin/rails", "server"]
